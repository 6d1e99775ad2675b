import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SnapshotComparison, SnapshotCreateResult, SnapshotList, SnapshotRestoreResult } from '../../../shared/domain/snapshot';
import { createTestCluster, type TestCluster } from '../../../test/harness/pg-cluster';
import { createTestServices, type TestServices } from '../../../test/harness/test-services';
import { addCliProfile, cliErrorOf, ensureCliBuilt, jsonOf, runTidemark } from '../../../test/harness/tidemark-cli';

describe('tidemark snapshot create / list / restore / compare / delete (the CLI)', () => {
  let cluster: TestCluster;
  let home: TestServices;
  const tidemark = (args: string[]) => runTidemark(home.home, args);

  beforeAll(async () => {
    [cluster, home] = await Promise.all([createTestCluster(), createTestServices(), ensureCliBuilt()]).then(([c, h]) => [c, h] as const);
    await addCliProfile(home.home, 'dev', cluster);
    await cluster.query('create database app');
    await cluster.query('create table t (id int); insert into t select generate_series(1, 10)', [], 'app');
  });
  afterAll(async () => {
    await cluster?.destroy();
    await home?.cleanup();
  });

  it('refuses a profile not marked as a development server, with a non-zero exit', async () => {
    const run = await tidemark(['snapshot', 'create', '--profile', 'dev', '--db', 'app', '--json']);
    expect(run.exitCode).not.toBe(0);
    expect(cliErrorOf(run)).toMatchObject({ code: 'confirmation_required', message: expect.stringContaining('Snapshots are off for dev') });
  });

  it('create and restore --json carry durationMs and the path; compare and list read back', async () => {
    const profile = home.services.profiles.findByName('dev');
    home.services.profiles.save({ ...profile, developmentServer: true });
    const created = jsonOf<SnapshotCreateResult>(
      await tidemark(['snapshot', 'create', '--profile', 'dev', '--db', 'app', '--name', 'clean state', '--note', 'n', '--ttl', '7d', '--json']),
    );
    expect(created).toMatchObject({ durationMs: expect.any(Number), strategy: 'WAL_LOG', snapshot: { name: 'clean state', sourceDatabase: 'app' } });
    await cluster.query('alter table t add column x int; delete from t where id > 3', [], 'app');
    const comparison = jsonOf<SnapshotComparison>(await tidemark(['snapshot', 'compare', 'clean state', '--json']));
    expect(comparison.tablesAltered[0]).toMatchObject({ table: 'public.t', columnsAdded: ['x'] });
    expect(comparison.rowCounts).toEqual([{ table: 'public.t', snapshot: 10, current: 3 }]);
    // create waited for the prepared copy: the restore renames it into place.
    const restored = jsonOf<SnapshotRestoreResult>(await tidemark(['snapshot', 'restore', 'clean state', '--json']));
    expect(restored).toMatchObject({ path: 'rename', durationMs: expect.any(Number), database: 'app' });
    expect(await cluster.query('select count(*)::int as n from t', [], 'app')).toEqual([{ n: 10 }]);
    const list = jsonOf<SnapshotList>(await tidemark(['snapshot', 'list', '--profile', 'dev', '--json']));
    expect(list.snapshots.map((s) => s.kind).sort()).toEqual(['manual', 'undo']);
    const human = await tidemark(['snapshot', 'list', '--db', 'app']);
    expect(human.stdout).toContain('clean state');
    const deleted = await tidemark(['snapshot', 'delete', 'clean state', '--confirm', 'clean state', '--json']);
    expect(deleted.exitCode).toBe(0);
  });
});
