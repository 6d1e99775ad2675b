import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TidemarkApi } from '../../shared/contract';
import type { LogicalBackupResult, VerifyResult } from '../../shared/domain/backup';
import { call } from '../api/local-api';
import { qualifiedName, quoteIdentifier } from '../../shared/domain/sql-identifier';
import type { TestCluster } from '../../test/harness/pg-cluster';
import type { TestServices } from '../../test/harness/test-services';
import { createBackupTestBed, type BackupTestBed } from '../../test/support/backup-test-bed';
import { jobResult } from '../../test/support/job-test-support';
import { createShopDatabase, ordersTable, shopSchema, tableFingerprints } from '../../test/support/shop-fixture';

// A database and a snapshot name as awkward as users make them: quotes, spaces, non-ASCII.
const database = 'Shop "dev" ñ';
const snapshotName = `before 'migration' "v2" ü`;

describe('dev database snapshots on a real cluster', () => {
  let bed: BackupTestBed;
  let cluster: TestCluster;
  let ctx: TestServices;
  let api: TidemarkApi;
  let profileId: string;
  // The services' clock: the TTL test moves it forward by hand.
  let clockOffsetMs = 0;
  const clock = { now: () => new Date(Date.now() + clockOffsetMs) };

  beforeAll(async () => {
    bed = await createBackupTestBed({ clock });
    ({ cluster, ctx, api, profileId } = bed);
    await createShopDatabase(cluster, database);
  });
  afterAll(async () => {
    await bed?.destroy();
  });

  const orders = qualifiedName(shopSchema, ordersTable);
  const mixed = qualifiedName('public', 'MixedCase Table');
  const prepared = async (jobId: string | null) => {
    expect(jobId).not.toBeNull();
    return jobResult(ctx.services, jobId!);
  };
  const exists = async (name: string) => (await cluster.query('select 1 from pg_database where datname = $1', [name])).length === 1;

  it('refuses a profile that is neither managed nor marked, and marking it needs the typed name', async () => {
    await expect(call(api, 'snapshots.create', { profileId, database })).rejects.toMatchObject({
      code: 'confirmation_required',
      message: /Snapshots are off for harness/,
    });
    const saved = (await call(api, 'profiles.list', {})).find((p) => p.id === profileId)!;
    const draft = { id: profileId, name: saved.name, target: saved.target };
    await expect(call(api, 'profiles.save', { ...draft, developmentServer: true, developmentServerConfirm: 'nope' })).rejects.toMatchObject({
      code: 'confirmation_required',
    });
    const marked = await call(api, 'profiles.save', { ...draft, developmentServer: true, developmentServerConfirm: 'harness' });
    expect(marked.developmentServer).toBe(true);
    // Saving again without the flag keeps the mark.
    expect((await call(api, 'profiles.save', draft)).developmentServer).toBe(true);
  });

  it('creates, lists, and restores the create-time state exactly, twice in a row by renaming a rebuilt prepared copy', async () => {
    const atCreate = await tableFingerprints(cluster, database);
    const created = await call(api, 'snapshots.create', { profileId, database, name: snapshotName, note: 'a note', ttl: '7d' });
    expect(created.snapshot.database).toMatch(/^tidemark_snap_[a-z0-9]{12}$/);
    expect(created.strategy).toBe('WAL_LOG');
    const comment = await cluster.query<{ c: string }>("select shobj_description(oid, 'pg_database') as c from pg_database where datname = $1", [
      created.snapshot.database,
    ]);
    expect(comment[0]!.c).toBe(`tidemark-snapshot:${created.snapshot.id}`);
    await prepared(created.preparationJobId);

    const listed = await call(api, 'snapshots.list', { profileId, database });
    expect(listed.snapshots.map((s) => [s.name, s.note, s.present, s.preparedDatabase !== null])).toEqual([[snapshotName, 'a note', true, true]]);

    for (const round of [1, 2]) {
      await cluster.query(
        `delete from ${mixed} where true; alter table ${mixed} add column round${round} int; create table extra${round} (x int)`,
        [],
        database,
      );
      const restored = await call(api, 'snapshots.restore', { snapshot: snapshotName });
      expect(restored.path).toBe('rename');
      expect(restored.durationMs).toBeGreaterThanOrEqual(0);
      expect(await tableFingerprints(cluster, database)).toEqual(atCreate);
      await prepared(restored.preparationJobId);
    }
  });

  it('keeps the replaced state as an undo snapshot, and restoring it brings that state back', async () => {
    await cluster.query(`insert into ${mixed} (note) select 'undo me' from generate_series(1, 5); create table undo_marker (x int)`, [], database);
    const changed = await tableFingerprints(cluster, database);
    const restored = await call(api, 'snapshots.restore', { snapshot: snapshotName });
    expect(restored.undo?.kind).toBe('undo');
    expect(await tableFingerprints(cluster, database)).not.toEqual(changed);
    const undone = await call(api, 'snapshots.restore', { snapshot: restored.undo!.id });
    expect(undone.path).toBe('rename');
    expect(await tableFingerprints(cluster, database)).toEqual(changed);
    // One undo per database: the earlier one was dropped.
    const undos = (await call(api, 'snapshots.list', { profileId, database })).snapshots.filter((s) => s.kind === 'undo');
    expect(undos).toHaveLength(1);
    await call(api, 'snapshots.restore', { snapshot: snapshotName });
  });

  it('compares: an added column, an added index and exact row counts', async () => {
    const before = await tableFingerprints(cluster, database);
    await cluster.query(
      `alter table ${mixed} add column "Shipped at" timestamptz; create index mixed_note on ${mixed} (note); delete from ${mixed} where id > 100`,
      [],
      database,
    );
    const comparison = await call(api, 'snapshots.compare', { snapshot: snapshotName });
    const table = 'public.MixedCase Table';
    expect(comparison.tablesAdded).toEqual([]);
    expect(comparison.tablesDropped).toEqual([]);
    const altered = comparison.tablesAltered.find((t) => t.table === table)!;
    expect(altered.columnsAdded).toEqual(['Shipped at']);
    expect(altered.indexesAdded).toHaveLength(1);
    expect(comparison.rowCounts.find((r) => r.table === table)).toEqual({ table, snapshot: before[table]!.rows, current: 100 });
    await call(api, 'snapshots.restore', { snapshot: snapshotName });
  });

  it('lists open sessions and ends them only when allowed', async () => {
    const client = await cluster.client(database);
    client.on('error', () => undefined);
    try {
      await client.query("set application_name = 'migration shell'");
      const sessions = await call(api, 'snapshots.sessions', { profileId, database });
      expect(sessions.map((s) => s.application)).toEqual(['migration shell']);
      await expect(call(api, 'snapshots.restore', { snapshot: snapshotName })).rejects.toMatchObject({ code: 'conflict', message: /migration shell/ });
      await expect(call(api, 'snapshots.create', { profileId, database, name: 'other' })).rejects.toMatchObject({
        code: 'conflict',
        message: /migration shell/,
      });
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
      const restored = await call(api, 'snapshots.restore', { snapshot: snapshotName, terminate: true });
      expect(restored.terminated.map((s) => s.application)).toEqual(['migration shell']);
      await expect(client.query('select 1')).rejects.toThrow();
    } finally {
      await client.end().catch(() => undefined);
    }
  });

  it('makes a snapshot from a logical backup, and restoring it gives the backed-up state', async () => {
    const atBackup = await tableFingerprints(cluster, database);
    const { jobId } = await call(api, 'backups.startLogical', { connection: { profileId }, databases: [database], options: { format: 'custom' } });
    const backup = await jobResult<LogicalBackupResult>(ctx.services, jobId);
    const started = await call(api, 'snapshots.fromBackup', { backupId: backup.backups[0]!.id, name: 'from backup' });
    const record = await ctx.services.jobs.result(started.jobId, 'snapshots.fromBackup');
    expect(record.sourceDatabase).toBe(database);
    await cluster.query(`drop table ${orders} cascade`, [], database);
    const restored = await call(api, 'snapshots.restore', { snapshot: 'from backup' });
    expect(['rename', 'template']).toContain(restored.path);
    expect(await tableFingerprints(cluster, database)).toEqual(atBackup);
  });

  it('restores a snapshot whose source database was dropped, under its original name', async () => {
    await cluster.query(`drop database ${quoteIdentifier(database)}`);
    const restored = await call(api, 'snapshots.restore', { snapshot: snapshotName });
    expect(restored.undo).toBeNull();
    expect(await exists(database)).toBe(true);
  });

  it('delete needs the name typed, and never drops a database whose comment is not its own', async () => {
    const snapshot = (await call(api, 'snapshots.list', { profileId })).snapshots.find((s) => s.name === 'from backup')!;
    await expect(call(api, 'snapshots.delete', { snapshot: snapshot.name, confirm: 'x' })).rejects.toMatchObject({ code: 'confirmation_required' });
    await cluster.query(`comment on database ${quoteIdentifier(snapshot.database)} is 'a user database'`);
    const result = await call(api, 'snapshots.delete', { snapshot: snapshot.name, confirm: snapshot.name });
    expect(result.dropped).not.toContain(snapshot.database);
    expect(await exists(snapshot.database)).toBe(true);

    const main = (await call(api, 'snapshots.list', { profileId })).snapshots.find((s) => s.name === snapshotName)!;
    const deleted = await call(api, 'snapshots.delete', { snapshot: main.name, confirm: main.name });
    expect(deleted.dropped).toContain(main.database);
    expect(await exists(main.database)).toBe(false);
  });

  it('exports a snapshot as a logical backup that is complete, verifies, and restores to the snapshot-time state', async () => {
    const atCreate = await tableFingerprints(cluster, database);
    const created = await call(api, 'snapshots.create', { profileId, database, name: 'to export', preparedCopies: false });
    // Changes made after the snapshot must not reach the export.
    await cluster.query(`delete from ${mixed} where true; create table after_snapshot (x int)`, [], database);
    const { jobId } = await call(api, 'snapshots.export', { snapshot: 'to export' });
    const exported = await jobResult<LogicalBackupResult>(ctx.services, jobId);
    expect(exported.backups).toHaveLength(1);
    const backupId = exported.backups[0]!.id;
    const manifest = await call(api, 'backups.get', { id: backupId });
    expect(manifest.status).toBe('complete');
    expect(manifest.kind).toBe('logical');
    const verified = await jobResult<VerifyResult>(ctx.services, (await call(api, 'backups.verify', { id: backupId })).jobId);
    expect(verified.verification.ok).toBe(true);

    const copy = 'exported "copy" é';
    const restore = await call(api, 'restore.startLogical', { backupId, connection: { profileId }, target: { kind: 'new', database: copy } });
    await jobResult(ctx.services, restore.jobId);
    expect(await tableFingerprints(cluster, copy)).toEqual(atCreate);
    // The export read the snapshot, it did not consume it.
    expect(await exists(created.snapshot.database)).toBe(true);
    await cluster.query(`drop database ${quoteIdentifier(copy)}`);
  });

  it('cleanup drops an expired snapshot, keeps an unexpired one, and never drops a database whose comment id is not its record', async () => {
    const expiring = await call(api, 'snapshots.create', { profileId, database, name: 'expires', ttl: '1h', preparedCopies: false });
    const lasting = await call(api, 'snapshots.create', { profileId, database, name: 'lasts', ttl: '3h', preparedCopies: false });
    const foreign = await call(api, 'snapshots.create', { profileId, database, name: 'comment changed', ttl: '1h', preparedCopies: false });
    // Someone reused the database: its comment now names another snapshot id.
    await cluster.query(`comment on database ${quoteIdentifier(foreign.snapshot.database)} is 'tidemark-snapshot:aaaaaaaaaaaa'`);

    const early = await call(api, 'snapshots.cleanup', { profileId });
    expect(early.drops.map((d) => d.name)).not.toContain('expires');

    clockOffsetMs = 2 * 3_600_000;
    try {
      const plan = await call(api, 'snapshots.cleanup', { profileId });
      expect(plan.applied).toBe(false);
      const planned = plan.drops.map((d) => d.name);
      expect(planned).toContain('expires');
      expect(planned).not.toContain('lasts');
      // The plan shows only what it will really drop.
      expect(plan.drops.flatMap((d) => d.databases)).not.toContain(foreign.snapshot.database);
      expect(await exists(expiring.snapshot.database)).toBe(true);

      const applied = await call(api, 'snapshots.cleanup', { profileId, apply: true });
      expect(applied.applied).toBe(true);
      expect(await exists(expiring.snapshot.database)).toBe(false);
      expect(await exists(lasting.snapshot.database)).toBe(true);
      expect(await exists(foreign.snapshot.database)).toBe(true);
      const names = (await call(api, 'snapshots.list', { profileId })).snapshots.map((s) => s.name);
      expect(names).toContain('lasts');
      expect(names).not.toContain('expires');
    } finally {
      clockOffsetMs = 0;
      await cluster.query(`drop database if exists ${quoteIdentifier(foreign.snapshot.database)}`);
    }
  });

  // A 48 MB tmpfs on the test machine: a tablespace there fills for real, mid-copy (the free-space
  // check before the copy measures the data directory, which has room).
  const smallDisk = '/mnt/tidemark-small-disk';
  it.skipIf(!existsSync(smallDisk))('a disk that fills during create fails cleanly: disk_full, no partial database, its files gone', async () => {
    const location = await mkdtemp(join(smallDisk, 'snap-int-'));
    const free = async () => {
      const space = await statfs(location);
      return space.bavail * space.bsize;
    };
    const big = 'big "disk" ü';
    // Database directories in the tablespace other than the source's own (pgsql_tmp holds temporary files).
    const leftovers = async () => {
      const oid = (await cluster.query<{ oid: string }>('select oid::text from pg_database where datname = $1', [big]))[0]!.oid;
      const [version] = await readdir(location);
      return (await readdir(join(location, version!))).filter((name) => name !== oid && name !== 'pgsql_tmp');
    };
    try {
      await cluster.query(`create tablespace small_disk location '${location}'`);
      await cluster.query(`create database ${quoteIdentifier(big)} tablespace small_disk`);
      // About 30 MB of rows: more than half the disk, so a second copy cannot fit.
      await cluster.query(`create table filler as select i, md5(i::text) || repeat(md5((i * 7)::text), 9) as pad from generate_series(1, 90000) i`, [], big);
      // The source's dirty pages reach the disk first (the copy flushes them too): measure after.
      await cluster.query('checkpoint');
      const freeBefore = await free();
      const databasesBefore = (await cluster.query<{ datname: string }>('select datname from pg_database order by 1')).map((r) => r.datname);
      expect(freeBefore).toBeLessThan(Number((await cluster.query<{ s: string }>('select pg_database_size($1) as s', [big]))[0]!.s));

      await expect(call(api, 'snapshots.create', { profileId, database: big, name: 'too big', preparedCopies: false })).rejects.toMatchObject({
        code: 'disk_full',
      });
      expect((await cluster.query<{ datname: string }>('select datname from pg_database order by 1')).map((r) => r.datname)).toEqual(databasesBefore);
      expect((await call(api, 'snapshots.list', { profileId })).snapshots.map((s) => s.name)).not.toContain('too big');
      // The partial copy's files went with it: the space is back (give or take a page of catalog).
      expect(await free()).toBeGreaterThan(freeBefore - 1024 * 1024);
      expect(await leftovers()).toEqual([]);
    } finally {
      await cluster.query(`drop database if exists ${quoteIdentifier(big)}`);
      await cluster.query('drop tablespace if exists small_disk');
      await rm(location, { recursive: true, force: true });
    }
    expect(await readdir(smallDisk)).not.toContain(location);
  });
});
