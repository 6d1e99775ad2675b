import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scheduleSchema, type Schedule, type ScheduleInput } from '../../shared/contract/schedules';
import { TidemarkError } from '../../shared/domain/errors';
import type { ScheduleRun } from '../../shared/domain/schedule';
import { runnerIdentity } from './runner-lease';
import { ScheduleFiles } from './schedule-files';
import { ManualClock } from '../../test/support/manual-clock';
import { ScheduleRunner, type ScheduledBackupExecutor, type ScheduledBackupOutcome } from './schedule-runner';

/**
 * Backups that end when the test says: each start is recorded, and finish()/fail() settle the
 * oldest one still running. The runner's decisions are what is under test here; real backups
 * run in scheduler.int.test.ts.
 */
class ControlledBackups implements ScheduledBackupExecutor {
  readonly started: { schedule: string; jobId: string }[] = [];
  private readonly pending: { resolve(outcome: ScheduledBackupOutcome): void; reject(error: unknown): void; jobId: string }[] = [];
  async start(schedule: Schedule) {
    const jobId = `job-${this.started.length + 1}`;
    this.started.push({ schedule: schedule.name, jobId });
    const finished = new Promise<ScheduledBackupOutcome>((resolve, reject) => this.pending.push({ resolve, reject, jobId }));
    return { jobId, finished };
  }
  async cancel(jobId: string) {
    const index = this.pending.findIndex((p) => p.jobId === jobId);
    if (index >= 0) this.pending.splice(index, 1)[0]!.reject(new TidemarkError('cancelled', 'The job was cancelled.'));
  }
  runner?: ScheduleRunner;
  async finish() {
    this.pending.shift()!.resolve({ backupIds: [`backup-${this.started.length}`], sizeBytes: 1000 });
    await this.runner?.quiet();
  }
  async fail(message = 'pg_dump failed') {
    this.pending.shift()!.reject(new TidemarkError('tool_failed', message));
    await this.runner?.quiet();
  }
}

const runners: ScheduleRunner[] = [];

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'tidemark-schedules-'));
});
afterEach(async () => {
  await Promise.all(runners.splice(0).map((r) => r.stop()));
  await rm(root, { recursive: true, force: true });
});

async function saveSchedule(fields: Partial<ScheduleInput> & { createdAt: string }): Promise<Schedule> {
  const schedule = scheduleSchema.parse({
    name: 'nightly',
    profileId: 'p1',
    profileName: 'prod',
    backup: { kind: 'logical', databases: ['app'] },
    timing: { cron: '0 2 * * *', timeZone: 'Europe/Berlin' },
    id: 's1',
    updatedAt: fields.createdAt,
    ...fields,
  });
  await new ScheduleFiles(root).writeSchedules([schedule]);
  return schedule;
}

function runner(clock: ManualClock, backups: ControlledBackups, startedAt = clock.now(), log: string[] = []) {
  const made = new ScheduleRunner({
    clock,
    identity: runnerIdentity('test', startedAt),
    roots: () => [root],
    executor: backups,
    log: (line) => log.push(line),
  });
  backups.runner = made;
  runners.push(made);
  return made;
}

async function runs(): Promise<ScheduleRun[]> {
  return (await new ScheduleFiles(root).readState('s1')).runs;
}

describe('ScheduleRunner', () => {
  it('runs a slot that comes while it ticks, once, and records the result', async () => {
    const clock = new ManualClock(new Date('2026-06-01T20:00:00Z'));
    await saveSchedule({ createdAt: '2026-06-01T12:00:00Z' });
    const backups = new ControlledBackups();
    const r = runner(clock, backups);
    await r.tick();
    expect(backups.started).toHaveLength(0);
    clock.set('2026-06-02T00:00:10Z'); // 02:00:10 in Berlin (CEST)
    await r.tick();
    await r.tick();
    expect(backups.started).toHaveLength(1);
    await backups.finish();
    expect(await runs()).toEqual([
      expect.objectContaining({ status: 'succeeded', slot: '2026-06-02T00:00:00.000Z', trigger: 'slot', attempt: 1, backupIds: ['backup-1'] }),
    ]);
  });

  it('asleep across three slots: catch-up once runs one, the other two are recorded missed (asleep)', async () => {
    const clock = new ManualClock(new Date('2026-06-01T20:00:00Z'));
    await saveSchedule({ createdAt: '2026-06-01T12:00:00Z', policy: { catchUp: 'once' } });
    const backups = new ControlledBackups();
    const r = runner(clock, backups);
    await r.tick();
    clock.set('2026-06-04T09:00:00Z'); // woke three nights later
    await r.tick();
    expect(backups.started).toHaveLength(1);
    await backups.finish();
    expect(await runs()).toEqual([
      expect.objectContaining({ status: 'missed', reason: 'asleep', slot: '2026-06-02T00:00:00.000Z', lastSlot: '2026-06-03T00:00:00.000Z', slotCount: 2 }),
      expect.objectContaining({ status: 'succeeded', trigger: 'catch-up', slot: '2026-06-04T00:00:00.000Z' }),
    ]);
  });

  it.each([
    {
      what: 'catch-up skip runs none of the missed slots; slots before the runner started were missed because no runner ran',
      now: '2026-06-04T09:00:00Z',
      policy: { catchUp: 'skip' as const },
      missed: { reason: 'app-not-running', slotCount: 3 },
    },
    {
      what: 'a slot past its start window is missed (outside-window), not run late',
      now: '2026-06-02T05:00:00Z',
      policy: { catchUp: 'once' as const, startWithinMinutes: 120 },
      missed: { reason: 'outside-window', slotCount: 1 },
    },
  ])('$what', async ({ now, policy, missed }) => {
    const clock = new ManualClock(new Date(now));
    await saveSchedule({ createdAt: '2026-06-01T12:00:00Z', policy });
    const backups = new ControlledBackups();
    await runner(clock, backups).tick();
    expect(backups.started).toHaveLength(0);
    expect(await runs()).toEqual([expect.objectContaining({ status: 'missed', ...missed })]);
  });

  it('overlap skip: a slot that comes while the last run runs is missed (overlap)', async () => {
    const clock = new ManualClock(new Date('2026-06-01T10:00:05Z'));
    await saveSchedule({ createdAt: '2026-06-01T09:59:00Z', timing: { cron: '*/5 * * * *', timeZone: 'UTC' }, policy: { overlap: 'skip' } });
    const backups = new ControlledBackups();
    const r = runner(clock, backups);
    await r.tick();
    expect(backups.started).toHaveLength(1);
    clock.set('2026-06-01T10:05:05Z');
    await r.tick();
    expect(backups.started).toHaveLength(1);
    await backups.finish();
    expect((await runs()).map((run) => [run.status, run.slot, run.status === 'missed' ? run.reason : ''])).toEqual([
      ['succeeded', '2026-06-01T10:00:00.000Z', ''],
      ['missed', '2026-06-01T10:05:00.000Z', 'overlap'],
    ]);
  });

  it('overlap queue-one: the slot waits and runs when the last run ends; a third is missed', async () => {
    const clock = new ManualClock(new Date('2026-06-01T10:00:05Z'));
    await saveSchedule({ createdAt: '2026-06-01T09:59:00Z', timing: { cron: '*/5 * * * *', timeZone: 'UTC' }, policy: { overlap: 'queue-one' } });
    const backups = new ControlledBackups();
    const r = runner(clock, backups);
    await r.tick();
    clock.set('2026-06-01T10:05:05Z');
    await r.tick();
    clock.set('2026-06-01T10:10:05Z');
    await r.tick();
    expect(backups.started).toHaveLength(1);
    await backups.finish();
    expect(backups.started).toHaveLength(2);
    await backups.finish();
    expect((await runs()).map((run) => [run.status, run.slot])).toEqual([
      ['succeeded', '2026-06-01T10:00:00.000Z'],
      ['missed', '2026-06-01T10:10:00.000Z'],
      ['succeeded', '2026-06-01T10:05:00.000Z'],
    ]);
  });

  it('retries a failed run with a doubling back-off, then gives up', async () => {
    const clock = new ManualClock(new Date('2026-06-02T00:00:05Z'));
    await saveSchedule({ createdAt: '2026-06-01T12:00:00Z', policy: { retries: { count: 2, delaySeconds: 60 } } });
    const backups = new ControlledBackups();
    const r = runner(clock, backups);
    await r.tick();
    await backups.fail();
    expect((await runs()).at(-1)).toMatchObject({ status: 'failed', attempt: 1, retryAt: '2026-06-02T00:01:05.000Z' });
    clock.set('2026-06-02T00:01:00Z');
    await r.tick();
    expect(backups.started).toHaveLength(1);
    clock.set('2026-06-02T00:01:06Z');
    await r.tick();
    expect(backups.started).toHaveLength(2);
    await backups.fail();
    expect((await runs()).at(-1)).toMatchObject({ status: 'failed', attempt: 2, trigger: 'retry', retryAt: '2026-06-02T00:03:06.000Z' });
    clock.set('2026-06-02T00:03:10Z');
    await r.tick();
    await backups.fail();
    const last = (await runs()).at(-1);
    expect(last).toMatchObject({ status: 'failed', attempt: 3 });
    expect(last && 'retryAt' in last ? last.retryAt : undefined).toBeUndefined();
  });

  it('two runners on one repository: one holds the lease and runs each slot once', async () => {
    const clock = new ManualClock(new Date('2026-06-01T10:00:05Z'));
    await saveSchedule({ createdAt: '2026-06-01T09:59:00Z', timing: { cron: '*/5 * * * *', timeZone: 'UTC' } });
    const first = new ControlledBackups();
    const second = new ControlledBackups();
    const a = runner(clock, first);
    const b = runner(clock, second);
    await Promise.all([a.tick(), b.tick()]);
    expect(first.started.length + second.started.length).toBe(1);
    expect([a.owns(root), b.owns(root)].filter(Boolean)).toHaveLength(1);
  });

  it('takes over a stale lease, and marks the run its dead owner left running as failed (interrupted)', async () => {
    const clock = new ManualClock(new Date('2026-06-02T00:00:05Z'));
    await saveSchedule({ createdAt: '2026-06-01T12:00:00Z' });
    const crashed = new ControlledBackups();
    await runner(clock, crashed).tick(); // its backup never ends: the process "died"
    expect((await runs()).at(-1)).toMatchObject({ status: 'running' });
    const lease = JSON.parse(await readFile(new ScheduleFiles(root).leaseFile, 'utf8'));
    await writeFile(new ScheduleFiles(root).leaseFile, JSON.stringify({ ...lease, hostname: 'another-machine' }));

    clock.set('2026-06-02T00:01:00Z'); // the lease is 55 s old: not stale yet
    const successor = runner(clock, new ControlledBackups());
    await successor.tick();
    expect(successor.owns(root)).toBe(false);
    clock.set('2026-06-02T00:03:00Z');
    await successor.tick();
    expect(successor.owns(root)).toBe(true);
    expect((await runs()).at(-1)).toMatchObject({ status: 'failed', interrupted: true, error: { code: 'interrupted' } });
  });

  it('stop() cancels a run that does not finish in the grace time and gives the lease up', async () => {
    const clock = new ManualClock(new Date('2026-06-02T00:00:05Z'));
    await saveSchedule({ createdAt: '2026-06-01T12:00:00Z' });
    const backups = new ControlledBackups();
    const r = runner(clock, backups);
    await r.tick();
    await r.stop({ graceMs: 10 });
    expect((await runs()).at(-1)).toMatchObject({ status: 'failed', interrupted: true, error: { code: 'cancelled' } });
    await expect(readFile(new ScheduleFiles(root).leaseFile)).rejects.toThrow(/ENOENT/);
  });
});
