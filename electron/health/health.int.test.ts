import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthSampleEvent, HealthSnapshot } from '../../shared/domain/health';
import { createTestCluster, type TestCluster } from '../../test/harness/pg-cluster';
import { createTestServices, type TestServices } from '../../test/harness/test-services';
import { ManualTicker } from '../../test/support/manual-ticker';
import { dispatch } from '../api/dispatch';
import { createHandlers } from '../api/handlers';
import { runProgram } from '../pgtools/run-tool';

let cluster: TestCluster;
let ctx: TestServices;
let ticker: ManualTicker;
let profileId: string;
const opened: pg.Client[] = [];

async function session(database = 'postgres'): Promise<pg.Client> {
  const client = await cluster.client(database);
  client.on('error', () => undefined);
  opened.push(client);
  return client;
}

async function pidOf(client: pg.Client): Promise<number> {
  return (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
}

async function fresh(id = profileId): Promise<HealthSnapshot> {
  return ctx.services.health.snapshot(id, { fresh: true, includeStorage: false });
}

/** Waits (polling the server, not a timer of the poller) until `check` holds. */
async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function saveProfile(name: string, user: string, password: string): Promise<string> {
  const profile = ctx.services.profiles.save({
    name,
    target: { kind: 'params', host: '127.0.0.1', port: cluster.port, database: 'postgres', user, sslmode: 'disable' },
  });
  await ctx.services.secrets.set(profile, password);
  return profile.id;
}

beforeAll(async () => {
  cluster = await createTestCluster({ settings: { shared_preload_libraries: 'pg_stat_statements', max_connections: 40, deadlock_timeout: '60s' } });
  await cluster.query('CREATE EXTENSION pg_stat_statements');
  ticker = new ManualTicker();
  // The pollers' timers are the test's: no poll runs on a wall-clock timer.
  ctx = await createTestServices({ healthTicker: ticker });
  profileId = await saveProfile('health', cluster.superuser, cluster.password);
}, 60_000);

afterAll(async () => {
  await ctx?.services.health.dispose();
  await Promise.all(opened.map((c) => c.end().catch(() => undefined)));
  await ctx?.cleanup();
  await cluster?.destroy();
});

describe('health dashboards against a real cluster', () => {
  it('counts connections as opened, without the poller itself', async () => {
    const before = (await fresh()).panels.activity.data!.clientConnections;
    const extra = await Promise.all([1, 2, 3, 4, 5].map(() => session()));
    const snapshot = await until(fresh, (s) => s.panels.activity.data!.clientConnections === before + extra.length);
    const activity = snapshot.panels.activity.data!;
    expect(activity.clientConnections).toBe(before + 5);
    expect(activity.maxConnections).toBe(40);
    expect(activity.usableConnections).toBe(40 - activity.superuserReservedConnections - activity.reservedConnections);
    expect(snapshot.panels.activity.checks.find((c) => c.name === 'connections')!.state).toBe('green');
    const pollerPid = snapshot.server!.pollerPid;
    expect([...activity.longestQueries, ...activity.idleInTransaction].some((s) => s.pid === pollerPid)).toBe(false);
    await Promise.all(extra.map((c) => c.end()));
    opened.splice(0);
  });

  it('shows a blocking chain of three sessions as a tree under its root', async () => {
    await cluster.query('CREATE TABLE IF NOT EXISTS chain (id int PRIMARY KEY); INSERT INTO chain VALUES (1) ON CONFLICT DO NOTHING');
    const [root, middle, leaf] = [await session(), await session(), await session()];
    await root.query('BEGIN; LOCK TABLE chain IN ACCESS EXCLUSIVE MODE');
    void middle.query('BEGIN; LOCK TABLE chain IN ROW EXCLUSIVE MODE').catch(() => undefined);
    void leaf.query('SELECT count(*) FROM chain').catch(() => undefined);
    const snapshot = await until(fresh, (s) => (s.panels.locks.data?.blockedSessions ?? 0) >= 2);
    const locks = snapshot.panels.locks.data!;
    expect(locks.roots).toHaveLength(1);
    const rootNode = locks.roots[0]!;
    expect(rootNode.session.pid).toBe(await pidOf(root));
    expect(rootNode.waitingFor).toBeNull();
    const blocked = [rootNode, ...rootNode.children, ...rootNode.children.flatMap((c) => c.children)].filter((n) => n.waitingFor);
    expect(blocked).toHaveLength(2);
    expect(blocked.map((n) => n.waitingFor!.mode).sort()).toEqual(['AccessShareLock', 'RowExclusiveLock']);
    expect(blocked.every((n) => n.blockedBy.length > 0 && n.waitMs !== null)).toBe(true);
    expect(snapshot.panels.locks.checks[0]!.name).toBe('lock-waits');
    await root.query('ROLLBACK');
    await until(fresh, (s) => s.panels.locks.data!.blockedSessions === 0);
  });

  it('shows a long query and cancels it through the contract (and refuses the poller)', async () => {
    const handlers = createHandlers(ctx.services);
    const sleeper = await session();
    const sleeping = sleeper.query('SELECT pg_sleep(60)').then(
      () => 'finished',
      (error: { code?: string }) => error.code,
    );
    const snapshot = await until(fresh, (s) => s.panels.activity.data!.longestQueries.some((q) => q.query.includes('pg_sleep(60)')));
    const query = snapshot.panels.activity.data!.longestQueries.find((q) => q.query.includes('pg_sleep(60)'))!;
    expect(query.state).toBe('active');
    expect(query.user).toBe('postgres');
    expect(query.waitEvent).toBe('PgSleep');

    const unconfirmed = await dispatch(handlers, 'health.cancelQuery', { profileId, pid: query.pid, backendStart: query.backendStart });
    expect(unconfirmed.ok).toBe(false);
    const refused = await dispatch(handlers, 'health.cancelQuery', {
      profileId,
      pid: snapshot.server!.pollerPid,
      backendStart: query.backendStart,
      confirm: true,
    });
    expect(refused.ok).toBe(false);
    const cancelled = await dispatch(handlers, 'health.cancelQuery', { profileId, pid: query.pid, backendStart: query.backendStart, confirm: true });
    expect(cancelled).toMatchObject({ ok: true, value: { pid: query.pid, action: 'cancel', signalled: true } });
    expect(await sleeping).toBe('57014');
  });

  it('turns a stats reset mid-run into a gap, never a negative rate', async () => {
    await fresh();
    await cluster.query('SELECT 1');
    const steady = await fresh();
    expect(steady.panels.throughput.data!.gap).toBeNull();
    await cluster.query('SELECT pg_stat_reset()');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const afterReset = await fresh();
    expect(afterReset.panels.throughput.data!.gap).toBe('stats-reset');
    expect(afterReset.panels.throughput.data!.rates).toBeNull();
    const next = await fresh();
    expect(next.panels.throughput.data!.gap).toBeNull();
    for (const value of Object.values(next.panels.throughput.data!.rates!)) if (typeof value === 'number') expect(value).toBeGreaterThanOrEqual(0);
  });

  it('reports wraparound age equal to age(datfrozenxid)', async () => {
    const snapshot = await fresh();
    const expected = await cluster.query<{ datname: string; age: number }>('SELECT datname, age(datfrozenxid)::int AS age FROM pg_database');
    const safety = snapshot.panels.safety.data!;
    for (const row of expected) {
      const reported = safety.databases.find((d) => d.database === row.datname)!;
      // A transaction or two may run between the two reads.
      expect(Math.abs(reported.xidAge - row.age)).toBeLessThanOrEqual(2);
      expect(reported.xidPercentOfLimit).toBeCloseTo((reported.xidAge * 100) / 2 ** 31, 6);
    }
    expect(snapshot.checks.find((c) => c.name === 'xid-wraparound')!.state).toBe('green');
  });

  it('measures TPS within 10% of pgbench’s own figure', async () => {
    await runProgram(`${cluster.binDir}/pgbench`, ['-i', '-s', '1', '-q', cluster.url()], { timeoutMs: 120_000 });
    await fresh();
    const output = await runProgram(`${cluster.binDir}/pgbench`, ['-c', '2', '-T', '6', '-n', '-S', cluster.url()], { timeoutMs: 60_000 });
    const after = await fresh();
    const pgbenchTps = Number(/tps = ([\d.]+)/.exec(output.stdout)![1]);
    // The interval spans pgbench's run plus the moments before and after: scale by pgbench's own duration.
    const rates = after.panels.throughput.data!.rates!;
    const transactions = (rates.transactionsPerSecond * rates.intervalMs) / 1000;
    const measuredTps = transactions / 6;
    expect(Math.abs(measuredTps - pgbenchTps) / pgbenchTps).toBeLessThan(0.1);
  }, 180_000);

  it('works as a pg_monitor role and says what it cannot see', async () => {
    await cluster.query(`CREATE ROLE watcher LOGIN PASSWORD 'watcher-pw' IN ROLE pg_monitor`);
    await cluster.query(`CREATE ROLE plain LOGIN PASSWORD 'plain-pw'`);
    const monitorId = await saveProfile('monitor', 'watcher', 'watcher-pw');
    const monitor = await fresh(monitorId);
    expect(monitor.poll.kind).not.toBe('down');
    expect(monitor.server!.pgMonitor).toBe(true);
    expect(monitor.server!.superuser).toBe(false);
    expect(monitor.panels.activity.problems).toEqual([]);
    expect(monitor.panels.safety.data!.databases.length).toBeGreaterThan(0);

    const plainId = await saveProfile('plain', 'plain', 'plain-pw');
    const busy = await session();
    void busy.query('SELECT pg_sleep(5)').catch(() => undefined);
    const plain = await until(
      () => fresh(plainId),
      (s) => s.panels.activity.problems.length > 0,
    );
    expect(plain.server!.pgMonitor).toBe(false);
    expect(plain.panels.activity.problems[0]).toMatchObject({ kind: 'needs-privilege', privilege: 'pg_monitor' });
  });

  it('sends one round trip per tick while watched and none while hidden', async () => {
    await cluster.query(`CREATE ROLE counter LOGIN PASSWORD 'counter-pw' IN ROLE pg_monitor`);
    const id = await saveProfile('counter', 'counter', 'counter-pw');
    // The hourly storage queries (started by the first watched tick, on their own connection) are not ticks.
    const calls = async () =>
      Number(
        (
          await cluster.query<{ calls: string }>(
            `SELECT coalesce(sum(calls), 0) AS calls FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid WHERE r.rolname = 'counter' AND s.query NOT LIKE '/* tidemark-health storage */%'`,
          )
        )[0]!.calls,
      );
    const samples: HealthSampleEvent[] = [];
    const off = ctx.services.events.on('health.sample', (event) => {
      if (event.profileId === id) samples.push(event);
    });
    const nextSample = async () => {
      const count = samples.length;
      // The poll timers only: the watch's 60 s lease stays pending.
      ticker.fire(2_000);
      await until(
        async () => samples.length,
        (n) => n > count,
      );
    };
    await ctx.services.health.watch(id, 'window-1', 2);
    await nextSample(); // connects (facts) and ticks once
    const start = await calls();
    for (let i = 0; i < 5; i++) await nextSample();
    const visible = (await calls()) - start;
    expect(samples.every((s) => s.snapshot.poll.kind === 'watching')).toBe(true);
    expect(visible).toBe(5);

    await ctx.services.health.unwatch(id, 'window-1');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const hiddenStart = await calls();
    // A hidden minute: every timer the poller may have left is fired; none may poll.
    ticker.fire();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await calls()) - hiddenStart).toBe(0);
    off();
  });
});
