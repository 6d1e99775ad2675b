import { mkdir, rm } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TidemarkEvent } from '../../shared/domain/notification-event';
import { createHandlers } from '../api/handlers';
import { call, createLocalApi } from '../api/local-api';
import { createTestCluster, type TestCluster } from '../../test/harness/pg-cluster';
import { createTestServices, type TestServices } from '../../test/harness/test-services';
import { ManualClock } from '../../test/support/manual-clock';
import { startHttpReceiver, type HttpReceiver } from '../../test/support/notification-receivers';
import { until } from '../../test/support/until';
import { ScheduleFiles } from './schedule-files';

interface ArchiverRow {
  failed_count: string;
  last_failed_time: Date | null;
  last_archived_time: Date | null;
}

describe('the archiver watch on the runner tick, against a cluster whose archive_command fails', () => {
  let cluster: TestCluster;
  let ctx: TestServices;
  let receiver: HttpReceiver;
  let hung: ReturnType<typeof createServer>;
  const sockets: Socket[] = [];
  const clock = new ManualClock('2026-06-01T10:00:00Z');
  const logged: string[] = [];
  // Where archive_command copies to; missing means failing.
  let archiveDir: string;

  const archiver = async () => (await cluster.query<ArchiverRow>('select failed_count, last_failed_time, last_archived_time from pg_stat_archiver'))[0]!;
  /** Writes a little WAL and switches segments: the archiver is woken for the new one. */
  const switchWal = () => cluster.query('insert into churn select g, md5(g::text) from generate_series(1, 100) g; select pg_switch_wal()');
  /** The archiver.failing events the webhook received about the profile named `profileName`. */
  const failingEvents = (profileName = 'archiving') =>
    receiver.requests
      .map((request) => (JSON.parse(request.body) as { event: TidemarkEvent }).event)
      .filter((event): event is Extract<TidemarkEvent, { type: 'archiver.failing' }> => event.type === 'archiver.failing' && event.profileName === profileName);
  const tickAt = async (iso: string) => {
    clock.set(iso);
    const runner = ctx.services.scheduler.runner('test', (line) => logged.push(line));
    await runner.tick();
    await runner.quiet();
  };

  beforeAll(async () => {
    // logging_collector: pg_current_logfile() and pg_read_file() give the watch the server's own words.
    cluster = await createTestCluster({ settings: { archive_mode: 'on', logging_collector: true, log_directory: 'log' } });
    archiveDir = join(cluster.root, 'wal-archive');
    await cluster.query(`alter system set archive_command = 'cp %p ${archiveDir}/%f'`);
    await cluster.query('select pg_reload_conf()');
    await cluster.query('create table churn (id int, note text)');
    ctx = await createTestServices({ clock });
    receiver = await startHttpReceiver();
    // A "server" that takes the connection and never answers: the watch must give up on it, not wait.
    hung = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => hung?.close(() => resolve()));
    await receiver?.close();
    await ctx?.cleanup();
    await cluster?.destroy();
  });

  it('tells one failing streak once, a streak after a recovery again, and a server that never answers holds up nothing', async () => {
    const api = createLocalApi(ctx.services, createHandlers(ctx.services));
    const profile = await call(api, 'profiles.save', {
      name: 'archiving',
      target: { kind: 'params', host: '127.0.0.1', port: cluster.port, database: 'postgres', user: 'postgres', sslmode: 'disable' },
      password: cluster.password,
    });
    const hungPort = (hung.address() as { port: number }).port;
    const silent = await call(api, 'profiles.save', {
      name: 'silent',
      target: { kind: 'params', host: '127.0.0.1', port: hungPort, database: 'postgres', user: 'postgres', sslmode: 'disable' },
      password: 'unused',
    });
    // A monitoring role (pg_monitor) sees pg_stat_archiver but may not read the server's log.
    await cluster.query("create role watcher login password 'watcher-Pw1' in role pg_monitor");
    const monitor = await call(api, 'profiles.save', {
      name: 'monitor',
      target: { kind: 'params', host: '127.0.0.1', port: cluster.port, database: 'postgres', user: 'watcher', sslmode: 'disable' },
      password: 'watcher-Pw1',
    });
    // The watch looks after the profiles that have a schedule; these run at 03:00, never during the test.
    for (const [name, profileId] of [
      ['nightly', profile.id],
      ['silent-nightly', silent.id],
      ['monitor-nightly', monitor.id],
    ] as const) {
      await call(api, 'schedules.save', {
        schedule: { name, profileId, backup: { kind: 'logical', databases: ['postgres'] }, timing: { cron: '0 3 * * *', timeZone: 'UTC' } },
      });
    }
    await call(api, 'notifications.saveChannel', { channel: { kind: 'webhook', name: 'ops', url: `${receiver.origin}/hook`, events: ['archiver.failing'] } });

    // Streak one: the folder is missing, cp fails.
    await switchWal();
    const firstFailure = await until('the archiver to fail', async () => {
      const row = await archiver();
      return Number(row.failed_count) > 0 && row;
    });
    await tickAt('2026-06-01T10:00:05Z');
    expect(failingEvents()).toHaveLength(1);
    const [first] = failingEvents();
    expect(first).toMatchObject({ profileId: profile.id, profileName: 'archiving', failingSince: '2026-06-01T10:00:05.000Z' });
    expect(first!.lastFailedWal).toMatch(/^[0-9A-F]{24}$/);
    expect(first!.failedCount).toBeGreaterThanOrEqual(Number(firstFailure.failed_count));
    // The server's words, from its log: cp's own error, the exit code, the command.
    expect(first!.hint).toContain('No such file or directory');
    expect(first!.hint).toContain('archive command failed with exit code 1');
    expect(first!.hint).toContain(`The failed archive command was: cp pg_wal/${first!.lastFailedWal}`);
    // Without the right to read the log, the message says where to look.
    expect(failingEvents('monitor')).toHaveLength(1);
    expect(failingEvents('monitor')[0]!.hint).toMatch(/^Tidemark cannot read the server's log/);
    // The silent server cost its own check only, and is said once.
    expect(logged.filter((line) => line.includes("cannot read silent's archiver"))).toHaveLength(1);

    // Still failing, more failures: not told again. A minute later the servers are not even asked.
    await switchWal();
    await until('more failures', async () => Number((await archiver()).failed_count) > first!.failedCount);
    await tickAt('2026-06-01T10:01:05Z');
    const watch = await new ScheduleFiles(ctx.services.repositories.knownRoots()[0]!).readArchiverWatch();
    expect(watch[profile.id]).toMatchObject({ checkedAt: '2026-06-01T10:00:05.000Z', failingSince: '2026-06-01T10:00:05.000Z' });
    await tickAt('2026-06-01T10:06:05Z');
    expect(failingEvents()).toHaveLength(1);
    expect(logged.filter((line) => line.includes("cannot read silent's archiver"))).toHaveLength(1);

    // It recovers: the folder is there, the waiting segments are archived.
    await mkdir(archiveDir);
    await switchWal();
    await until('the archiver to recover', async () => {
      const row = await archiver();
      return row.last_archived_time !== null && row.last_archived_time > row.last_failed_time! && row;
    });
    await tickAt('2026-06-01T10:12:05Z');
    expect(failingEvents()).toHaveLength(1);
    expect(logged.some((line) => line.includes('archiver watch: archiving: archiving works again'))).toBe(true);

    // Streak two, well within the first one's 6-hour collapse window: a new message.
    await rm(archiveDir, { recursive: true });
    await switchWal();
    await until('the archiver to fail again', async () => {
      const row = await archiver();
      return row.last_failed_time !== null && row.last_failed_time > row.last_archived_time! && row;
    });
    await tickAt('2026-06-01T10:18:05Z');
    const events = failingEvents();
    expect(events).toHaveLength(2);
    expect(events[1]).toMatchObject({ profileId: profile.id, failingSince: '2026-06-01T10:18:05.000Z' });
    expect(events[1]!.failedCount).toBeGreaterThan(first!.failedCount);
  });
});
