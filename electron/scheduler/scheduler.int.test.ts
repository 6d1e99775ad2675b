import { readdir, readFile } from 'node:fs/promises';
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
import { createTestServices } from '../../test/harness/test-services';
import { addCliProfile, ensureCliBuilt, repoRoot, runTidemark } from '../../test/harness/tidemark-cli';
import { until } from '../../test/support/until';
import { ScheduleFiles } from './schedule-files';

const everyMinute = (profileId: string, name = 'every-minute'): ScheduleInput => ({
  name,
  profileId,
  backup: { kind: 'logical', databases: ['shop'] },
  timing: { cron: '* * * * *', timeZone: 'UTC' },
});

/** The pids of running processes whose command line contains every one of `parts` (Linux /proc). */
async function processesMatching(...parts: string[]): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline && parts.every((part) => cmdline.includes(part))) pids.push(Number(entry));
  }
  return pids;
}

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

  it('tidemark daemon killed with SIGKILL mid-backup: its pg_dump dies with it, the run is failed (interrupted) at the next start, no backup looks complete', async () => {
    await ensureCliBuilt();
    const home = await createTestServices();
    const tidemark = (args: string[], options?: Parameters<typeof runTidemark>[2]) => runTidemark(home.home, args, options);
    await addCliProfile(home.home, 'locked', bed.cluster);
    const schedule = await tidemark([
      'schedule',
      'add',
      '--profile',
      'locked',
      '--name',
      'blocked',
      '--kind',
      'logical',
      '--db',
      'shop',
      '--cron',
      '* * * * *',
      '--tz',
      'UTC',
      '--json',
    ]);
    expect(schedule.exitCode, schedule.stderr).toBe(0);
    const repository = join(home.home, 'repository');
    const scheduleId = (JSON.parse(schedule.stdout) as { schedule: { id: string } }).schedule.id;
    // A table big enough that pg_dump runs for a while; the test freezes it (SIGSTOP) as soon as it
    // starts, so it is certainly in the middle of its work when its runner is killed.
    await bed.cluster.query('create table if not exists big as select g as id, md5(g::text) as note from generate_series(1, 2000000) g', [], 'shop');
    // Made two minutes ago: the daemon's first tick catches the newest missed slot up at once (catch-up once).
    const files = new ScheduleFiles(repository);
    const earlier = new Date(Date.now() - 120_000).toISOString();
    await files.writeSchedules((await files.readSchedules()).map((s) => ({ ...s, createdAt: earlier, updatedAt: earlier })));
    const daemon = execa('node', [join(repoRoot, 'bin', 'tidemark.js'), 'daemon'], {
      env: { ...process.env, PGPASSWORD: undefined, TIDEMARK_HOME: home.home, PGPASSFILE: join(home.home, 'no-user-pgpass') },
      extendEnv: false,
      reject: false,
    });
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
    daemon.kill('SIGKILL');
    await daemon;
    expect(await processesMatching('pg_dump', String(bed.cluster.port))).toContain(dumpPid);
    // The watchdog's SIGTERM waits while it is stopped; its SIGKILL 5 s later does not.
    await until('pg_dump to die with its runner', async () => !(await processesMatching('pg_dump', String(bed.cluster.port))).includes(dumpPid!), 15_000);
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
    const list = await runTidemark(home.home, ['backups', 'list', '--json']);
    const backups = JSON.parse(list.stdout).backups as { status: string }[];
    expect(backups.filter((b) => b.status === 'complete')).toEqual([]);
    await runner.stop();
    await home.cleanup();
  }, 180_000);
});
