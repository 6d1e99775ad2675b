import { join } from 'node:path';
import { execa } from 'execa';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { ScheduleInput } from '../../shared/contract/schedules';
import { createHandlers } from '../api/handlers';
import { call, createLocalApi } from '../api/local-api';
import { MemorySecretStore } from '../profiles/secret-store';
import { createBackupTestBed, type BackupTestBed } from '../../test/support/backup-test-bed';
import { ManualClock } from '../../test/support/manual-clock';
import { processesMatching } from '../../test/support/processes';
import { until } from '../../test/support/until';
import { createTestServices, type TestServices } from '../../test/harness/test-services';
import { addCliProfile, ensureCliBuilt, repoRoot, runTidemark } from '../../test/harness/tidemark-cli';
import { ScheduleFiles } from './schedule-files';

const everyMinute = (profileId: string, name = 'every-minute'): ScheduleInput => ({
  name,
  profileId,
  backup: { kind: 'logical', databases: ['shop'] },
  timing: { cron: '* * * * *', timeZone: 'UTC' },
});

describe('the scheduler against a real cluster', () => {
  let bed: BackupTestBed;
  beforeAll(async () => {
    bed = await createBackupTestBed();
    await bed.cluster.query('create database shop');
    await bed.cluster.query(
      'create table orders (id int primary key, note text); insert into orders select g, md5(g::text) from generate_series(1, 2000) g',
      [],
      'shop',
    );
  });
  afterAll(async () => {
    await bed?.destroy();
  });

  it('a schedule every minute, driven by the injected clock, runs real backups, each slot once', async () => {
    const clock = new ManualClock('2026-06-01T10:00:30Z');
    const secrets = new MemorySecretStore();
    const first = await createTestServices({ clock, secrets: () => secrets });
    const second = await createTestServices({ clock, secrets: () => secrets, home: first.home });
    try {
      const api = createLocalApi(first.services, createHandlers(first.services));
      const profile = await call(api, 'profiles.save', {
        name: 'shop',
        target: { kind: 'params', host: '127.0.0.1', port: bed.cluster.port, database: 'postgres', user: 'postgres', sslmode: 'disable' },
        password: bed.cluster.password,
      });
      // A webhook receiver on a loopback port: what the schedule's runs tell people.
      const received: { type: string; [key: string]: unknown }[] = [];
      const receiver = createServer((request, response) => {
        let body = '';
        request.on('data', (chunk: Buffer) => (body += chunk.toString()));
        request.on('end', () => {
          received.push((JSON.parse(body) as { event: { type: string } }).event);
          response.end('ok');
        });
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
      onTestFinished(() => new Promise<void>((resolve) => receiver.close(() => resolve())));
      const port = (receiver.address() as AddressInfo).port;
      await call(api, 'notifications.saveChannel', {
        channel: { kind: 'webhook', name: 'ops', url: `http://127.0.0.1:${port}/hook`, events: ['backup.succeeded', 'retention.applied'] },
      });
      const saved = await call(api, 'schedules.save', { schedule: { ...everyMinute(profile.id), retention: { keepLast: 1 }, applyRetention: true } });
      expect(saved.problem).toBeUndefined();
      expect(saved.next?.at).toBe('2026-06-01T10:01:00.000Z');

      // Two runners on the one repository (two processes would be two Services): one runs each slot.
      const runners = [first.services.scheduler.runner('test'), second.services.scheduler.runner('test')];
      for (const minute of ['10:01:05', '10:02:05']) {
        clock.set(`2026-06-01T${minute}Z`);
        await Promise.all(runners.map((runner) => runner.tick()));
        await until('the run to end', async () => {
          const history = await call(api, 'schedules.history', { name: 'every-minute' });
          return history.runs[0]?.status !== 'running' && history.runs.length > 0 && history.runs;
        });
      }
      const history = await call(api, 'schedules.history', { name: 'every-minute' });
      expect(history.runs.map((run) => [run.status, run.slot])).toEqual([
        ['succeeded', '2026-06-01T10:02:00.000Z'],
        ['succeeded', '2026-06-01T10:01:00.000Z'],
      ]);
      const backups = await call(api, 'backups.list', { profileId: profile.id });
      const made = history.runs.flatMap((run) => (run.status === 'succeeded' ? run.backupIds : []));
      // Retention after each run kept the newest only; each success and each retention run was told.
      expect(backups.backups.filter((b) => made.includes(b.id)).map((b) => b.id)).toEqual([made[0]]);
      await until('the webhook deliveries', async () => received.length >= 4 && received);
      expect(received.map((event) => event.type).sort()).toEqual(['backup.succeeded', 'backup.succeeded', 'retention.applied', 'retention.applied']);
      expect(received.find((event) => event.type === 'retention.applied' && event.deleted === 1)).toBeDefined();
      const overview = await call(api, 'schedules.list', {});
      expect(overview.owner).toMatchObject({ host: 'test', stale: false });
    } finally {
      await first.services.scheduler.stopRunner();
      await second.services.scheduler.stopRunner();
      await first.cleanup();
    }
  });

  /** A home with profile `locked` and schedule `blocked` (every minute, made two minutes ago): a daemon's first tick runs it at once. */
  async function blockedSchedule(): Promise<{ home: TestServices; repository: string; scheduleId: string }> {
    await ensureCliBuilt();
    const home = await createTestServices();
    await addCliProfile(home.home, 'locked', bed.cluster);
    const args = ['--profile', 'locked', '--name', 'blocked', '--kind', 'logical', '--db', 'shop', '--cron', '* * * * *', '--tz', 'UTC', '--json'];
    const schedule = await runTidemark(home.home, ['schedule', 'add', ...args]);
    expect(schedule.exitCode, schedule.stderr).toBe(0);
    const repository = join(home.home, 'repository');
    const scheduleId = (JSON.parse(schedule.stdout) as { schedule: { id: string } }).schedule.id;
    // A table big enough that pg_dump runs for a while; the tests freeze it (SIGSTOP) as soon as it
    // starts, so it is certainly in the middle of its work when its runner is killed or stopped.
    await bed.cluster.query('create table if not exists big as select g as id, md5(g::text) as note from generate_series(1, 2000000) g', [], 'shop');
    // Made two minutes ago: the daemon's first tick catches the newest missed slot up at once (catch-up once).
    const files = new ScheduleFiles(repository);
    const earlier = new Date(Date.now() - 120_000).toISOString();
    await files.writeSchedules((await files.readSchedules()).map((s) => ({ ...s, createdAt: earlier, updatedAt: earlier })));
    return { home, repository, scheduleId };
  }

  /** `tidemark daemon` on `home`, its stdout lines collected as they come. */
  function startDaemon(home: string, args: string[] = []) {
    const daemon = execa('node', [join(repoRoot, 'bin', 'tidemark.js'), 'daemon', ...args], {
      env: { ...process.env, PGPASSWORD: undefined, TIDEMARK_HOME: home, PGPASSFILE: join(home, 'no-user-pgpass'), TIDEMARK_SECRET_STORE: 'pgpass-file' },
      extendEnv: false,
      reject: false,
      // execa's own SIGKILL 5 s after a SIGTERM would cut the grace short: the daemon's stop is under test.
      forceKillAfterDelay: false,
    });
    const lines: string[] = [];
    let pending = '';
    daemon.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const complete = pending.split('\n');
      pending = complete.pop()!;
      lines.push(...complete);
    });
    return { daemon, lines };
  }

  /** The daemon's pg_dump, frozen with SIGSTOP the moment it appears. */
  async function frozenDump(daemon: ReturnType<typeof startDaemon>['daemon']): Promise<number> {
    const [dumpPid] = await until(
      'pg_dump to start',
      () => processesMatching('pg_dump', String(bed.cluster.port)).then((pids) => pids.length > 0 && pids),
      30_000,
      10,
    ).catch(async (error: Error) => {
      daemon.kill('SIGKILL');
      const { stdout, stderr } = await daemon;
      throw new Error(`${error.message}; the daemon said:\n${String(stdout)}\n${String(stderr)}`);
    });
    process.kill(dumpPid!, 'SIGSTOP');
    return dumpPid!;
  }

  /** The daemon's end, waited for at most `timeoutMs` (then killed, and its log shown). */
  async function exitOf({ daemon, lines }: ReturnType<typeof startDaemon>, what: string, timeoutMs: number) {
    await until(what, async () => daemon.exitCode !== null || daemon.signalCode !== null, timeoutMs).catch((error: Error) => {
      daemon.kill('SIGKILL');
      throw new Error(`${error.message}; the daemon said:\n${lines.join('\n')}`);
    });
    return daemon;
  }

  const dumpsRunning = () => processesMatching('pg_dump', String(bed.cluster.port));
  const completeBackups = async (home: string) => {
    const list = await runTidemark(home, ['backups', 'list', '--json']);
    return (JSON.parse(list.stdout).backups as { id: string; status: string }[]).filter((b) => b.status === 'complete');
  };
  /** The daemon's log: one `<ISO time> <text>` line per event, nothing else. */
  const expectOneLinePerEvent = (lines: string[]) => {
    for (const line of lines) expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \S/);
  };

  it('tidemark daemon killed with SIGKILL mid-backup: its pg_dump dies with it, the run is failed (interrupted) at the next start, no backup looks complete', async () => {
    const { home, repository, scheduleId } = await blockedSchedule();
    const { daemon } = startDaemon(home.home);
    const dumpPid = await frozenDump(daemon);
    daemon.kill('SIGKILL');
    await daemon;
    expect(await dumpsRunning()).toContain(dumpPid);
    // The watchdog's SIGTERM waits while it is stopped; its SIGKILL 5 s later does not.
    await until('pg_dump to die with its runner', async () => !(await dumpsRunning()).includes(dumpPid), 15_000);
    const state = await new ScheduleFiles(repository).readState(scheduleId);
    expect(state.runs.at(-1)).toMatchObject({ status: 'running' });
    // The next start: another runner takes the lease (its owner's pid is gone) and records what happened.
    const next = await createTestServices({ home: home.home });
    const runner = next.services.scheduler.runner('test');
    // Paused, so that this runner only takes over and records: it starts no new run.
    await call(createLocalApi(next.services, createHandlers(next.services)), 'schedules.pause', { name: 'blocked' });
    await runner.tick();
    await runner.quiet();
    const after = await new ScheduleFiles(repository).readState(scheduleId);
    expect(after.runs.find((run) => run.status === 'failed')).toMatchObject({ status: 'failed', interrupted: true, error: { code: 'interrupted' } });
    expect(await completeBackups(home.home)).toEqual([]);
    await runner.stop();
    await home.cleanup();
  }, 180_000);

  /**
   * A daemon with a `--stop-grace` of `graceSeconds`, its pg_dump frozen mid-backup, sent SIGTERM;
   * `whileStopping` runs once the daemon says it is stopping. Then it must exit 0, quietly, with no
   * pg_dump left running. Returns its last run and its log's events (the text after the time).
   */
  async function stopDuringBackup(graceSeconds: number, whileStopping: (dumpPid: number) => void, exitWithinMs: number) {
    const { home, repository, scheduleId } = await blockedSchedule();
    const { daemon, lines } = startDaemon(home.home, ['--stop-grace', String(graceSeconds)]);
    const dumpPid = await frozenDump(daemon);
    daemon.kill('SIGTERM');
    const stopping = `SIGTERM: stopping (runs in progress get ${graceSeconds} s to finish)`;
    await until('the daemon to take the SIGTERM', async () => lines.some((line) => line.endsWith(stopping)));
    whileStopping(dumpPid);
    const { exitCode, stderr } = await exitOf({ daemon, lines }, 'the daemon to exit', exitWithinMs);
    expect(exitCode, String(stderr)).toBe(0);
    expect(String(stderr)).toBe('');
    expect(await dumpsRunning()).toEqual([]);
    expectOneLinePerEvent(lines);
    const events = lines.map((line) => line.slice(25));
    const run = (await new ScheduleFiles(repository).readState(scheduleId)).runs.at(-1);
    const backups = await completeBackups(home.home);
    await home.cleanup();
    return { run, backups, afterStop: events.slice(events.indexOf(stopping) + 1), beforeStop: events.slice(0, events.indexOf(stopping)) };
  }

  it('tidemark daemon on SIGTERM lets a run that finishes within the grace finish: succeeded, a complete backup, exit 0 as soon as it is done', async () => {
    // A grace far longer than the test waits: the daemon must leave when the run is done, not when the grace is up.
    const stopped = await stopDuringBackup(300, (dumpPid) => process.kill(dumpPid, 'SIGCONT'), 120_000);
    expect(stopped.run).toMatchObject({ status: 'succeeded' });
    const made = stopped.run?.status === 'succeeded' ? stopped.run.backupIds : [];
    expect(made).toHaveLength(1);
    expect(stopped.backups.map((b) => b.id)).toEqual(made);
    expect(stopped.beforeStop.some((e) => e.startsWith('schedule blocked: started'))).toBe(true);
    expect(stopped.afterStop).toEqual(['schedule blocked: succeeded', 'stopped']);
  }, 180_000);

  it('tidemark daemon on SIGTERM cancels a run that outlasts the grace: failed (interrupted, cancelled), no pg_dump left, no backup that looks complete, exit 0', async () => {
    // Frozen it stays: only SIGKILL stops it (the cancel's SIGTERM waits, its SIGKILL 5 s later does not).
    const stopped = await stopDuringBackup(2, () => undefined, 60_000);
    expect(stopped.run).toMatchObject({ status: 'failed', interrupted: true, error: { code: 'cancelled' } });
    expect(stopped.run).not.toHaveProperty('retryAt');
    expect(stopped.backups).toEqual([]);
    expect(stopped.afterStop[0]).toBe('stopping: cancelling 1 run(s) in progress');
    expect(stopped.afterStop[1]).toMatch(/^schedule blocked: failed: /);
    expect(stopped.afterStop.at(-1)).toBe('stopped');
  }, 180_000);
});
