import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HealthPanels, StorageData } from '../../shared/domain/health';
import { createTestCluster, type TestCluster } from '../../test/harness/pg-cluster';
import { createTestServices, type TestServices } from '../../test/harness/test-services';
import { ManualTicker } from '../../test/support/manual-ticker';
import { dispatch } from '../api/dispatch';
import { createHandlers } from '../api/handlers';

let cluster: TestCluster;
let ctx: TestServices;
let profileId: string;

beforeAll(async () => {
  cluster = await createTestCluster();
  // The pollers' timers are the test's: the storage queries run only when asked for.
  ctx = await createTestServices({ healthTicker: new ManualTicker() });
  const profile = ctx.services.profiles.save({
    name: 'storage',
    target: { kind: 'params', host: '127.0.0.1', port: cluster.port, database: 'postgres', user: cluster.superuser, sslmode: 'disable' },
  });
  await ctx.services.secrets.set(profile, cluster.password);
  profileId = profile.id;
  await cluster.query(`
    CREATE TABLE bloated (id int PRIMARY KEY, pad text) WITH (autovacuum_enabled = off);
    INSERT INTO bloated SELECT g, repeat('x', 200) FROM generate_series(1, 50000) g;
    DELETE FROM bloated WHERE id % 10 <> 0;
    ANALYZE bloated;
    CREATE TABLE kept (id int, email text);
    INSERT INTO kept SELECT g, 'u' || g FROM generate_series(1, 1000) g;
    CREATE INDEX kept_email ON kept (email);
    CREATE INDEX kept_email_again ON kept (email);
    CREATE INDEX kept_id ON kept (id);
    ANALYZE kept;
    CREATE TABLE fresh_table (id int, note text);
    INSERT INTO fresh_table SELECT g, 'n' FROM generate_series(1, 100) g;
  `);
  // The cumulative statistics reach pg_stat_user_tables when the backends report them.
  await cluster.query('SELECT pg_stat_force_next_flush()').catch(() => undefined);
}, 60_000);

afterAll(async () => {
  await ctx?.services.health.dispose();
  await ctx?.cleanup();
  await cluster?.destroy();
});

describe('the storage panel against a real cluster', () => {
  let storage: StorageData;

  it('answers health.refreshStorage with the panel and the dead-tuples check', async () => {
    const answer = await dispatch(createHandlers(ctx.services), 'health.refreshStorage', { profileId });
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    const panel = answer.value as HealthPanels['storage'];
    expect(panel.problems).toEqual([]);
    expect(panel.checks.map((c) => c.name)).toEqual(['dead-tuples']);
    storage = panel.data!;
    expect(storage.database).toBe('postgres');
    expect(storage.bloat).toMatchObject({ estimate: true, accuracy: 'about ±20%' });
    expect(Date.parse(storage.nextRefreshAt) - Date.parse(storage.refreshedAt)).toBe(3_600_000);
  });

  it('sizes match pg_database_size and pg_total_relation_size', async () => {
    const [db] = await cluster.query<{ size: string }>(`SELECT pg_database_size('postgres') AS size`);
    // The database grows by a page or two between the two reads at most.
    expect(Math.abs(storage.databases.find((d) => d.name === 'postgres')!.sizeBytes - Number(db!.size))).toBeLessThan(1024 * 1024);
    const [sizes] = await cluster.query<Record<string, string>>(
      `SELECT pg_total_relation_size('bloated') AS total, pg_relation_size('bloated') AS heap, pg_indexes_size('bloated') AS indexes,
              pg_total_relation_size(reltoastrelid) AS toast FROM pg_class WHERE oid = 'bloated'::regclass`,
    );
    const bloated = storage.largestTables.find((t) => t.name === 'bloated')!;
    expect(storage.largestTables[0]!.name).toBe('bloated');
    expect(bloated).toMatchObject({
      schema: 'public',
      totalBytes: Number(sizes!.total),
      heapBytes: Number(sizes!.heap),
      indexBytes: Number(sizes!.indexes),
      toastBytes: Number(sizes!.toast),
      estimatedRows: 5000,
    });
    const [pkey] = await cluster.query<{ size: string }>(`SELECT pg_relation_size('bloated_pkey') AS size`);
    expect(storage.largestIndexes.find((i) => i.name === 'bloated_pkey')!.sizeBytes).toBe(Number(pkey!.size));
  });

  it('estimates the bloat of a table emptied with autovacuum off, and says "no statistics" for one never analyzed', () => {
    const bloated = storage.bloat.tables.find((t) => t.table === 'bloated')!;
    // 90% of the rows deleted without vacuum: the heap is about ten times what its live rows need.
    expect(bloated.noStatistics).toBe(false);
    expect(bloated.bloatPercent!).toBeGreaterThan(70);
    expect(bloated.bloatBytes!).toBeGreaterThan(0.7 * bloated.actualBytes);
    const kept = storage.bloat.tables.find((t) => t.table === 'kept')!;
    expect(kept.bloatPercent!).toBeLessThan(30);
    const fresh = storage.bloat.tables.find((t) => t.table === 'fresh_table')!;
    expect(fresh).toMatchObject({ noStatistics: true, bloatBytes: null, bloatPercent: null, index: null });
    expect(fresh.actualBytes).toBeGreaterThan(0);
    const pkey = storage.bloat.indexes.find((i) => i.index === 'bloated_pkey')!;
    expect(pkey.noStatistics).toBe(false);
    expect(pkey.bloatPercent!).toBeGreaterThan(50);
  });

  it('lists unused and duplicate indexes, not unique ones', () => {
    const unused = storage.unusedIndexes.map((i) => i.name);
    expect(unused).toEqual(expect.arrayContaining(['kept_email', 'kept_email_again', 'kept_id']));
    expect(unused).not.toContain('bloated_pkey');
    expect(storage.duplicateIndexes).toEqual([
      { schema: 'public', table: 'kept', indexes: ['kept_email', 'kept_email_again'], sizeBytes: expect.any(Number) as number },
    ]);
  });

  it('reports never vacuumed or analyzed tables and dead-tuple ratios as pg_stat_user_tables has them', async () => {
    const rows = await cluster.query<{ relname: string; live: string; dead: string }>(
      `SELECT relname, n_live_tup AS live, n_dead_tup AS dead FROM pg_stat_user_tables WHERE relname = 'bloated'`,
    );
    const live = Number(rows[0]!.live);
    const dead = Number(rows[0]!.dead);
    expect(dead).toBeGreaterThan(40_000);
    const bloated = storage.maintenance.find((m) => m.table === 'bloated')!;
    expect(bloated).toMatchObject({ liveTuples: live, deadTuples: dead, neverVacuumed: true, neverAnalyzed: false });
    expect(bloated.deadTuplePercent).toBeCloseTo((100 * dead) / (live + dead), 6);
    expect(storage.maintenance.find((m) => m.table === 'fresh_table')).toMatchObject({ neverVacuumed: true, neverAnalyzed: true });
    const snapshot = ctx.services.health.snapshot(profileId, { fresh: false, includeStorage: false });
    const check = (await snapshot).panels.storage.checks.find((c) => c.name === 'dead-tuples')!;
    expect(check.value).toBeCloseTo((100 * dead) / (live + dead), 6);
    expect(check.state).toBe('red');
    expect(check.detail).toContain('public.bloated');
  });
});
