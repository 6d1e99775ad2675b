import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TidemarkApi } from '../../shared/contract';
import type { LogicalBackupResult, LogicalManifest, VerifyResult } from '../../shared/domain/backup';
import type { RestoreResult } from '../../shared/domain/restore';
import { call } from '../api/local-api';
import { flipByteInTheMiddle } from '../../test/harness/damage';
import type { TestCluster } from '../../test/harness/pg-cluster';
import type { TestServices } from '../../test/harness/test-services';
import { createBackupTestBed, type BackupTestBed } from '../../test/support/backup-test-bed';
import { runTool } from '../pgtools/run-tool';
import { quoteIdentifier } from '../../shared/domain/sql-identifier';
import { jobResult } from '../../test/support/job-test-support';
import { createShopDatabase, ordersTable, shopSchema, tableFingerprints } from '../../test/support/shop-fixture';

const shopDb = 'Shop "Ünï" db';

describe('logical backups and restores against a real server', () => {
  let cluster: TestCluster;
  let ctx: TestServices;
  let api: TidemarkApi;
  let profileId: string;
  let source: Awaited<ReturnType<typeof tableFingerprints>>;
  const backups = new Map<string, string>();

  let bed: BackupTestBed;

  beforeAll(async () => {
    bed = await createBackupTestBed();
    ({ cluster, ctx, api, profileId } = bed);
    await createShopDatabase(cluster, shopDb);
    source = await tableFingerprints(cluster, shopDb);
  });
  afterAll(async () => {
    await bed?.destroy();
  });

  async function backup(options: Record<string, unknown>, database = shopDb): Promise<LogicalManifest> {
    const { jobId } = await call(api, 'backups.startLogical', { connection: { profileId }, databases: [database], options });
    const result = await jobResult<LogicalBackupResult>(ctx.services, jobId);
    expect(result.backups).toHaveLength(1);
    return (await call(api, 'backups.get', { id: result.backups[0]!.id })) as LogicalManifest;
  }

  async function restoreNew(backupId: string, database: string, options: Record<string, unknown> = {}): Promise<RestoreResult> {
    const { jobId } = await call(api, 'restore.startLogical', { backupId, target: { kind: 'new', database }, options });
    return jobResult<RestoreResult>(ctx.services, jobId);
  }

  it.each([
    ['custom', {}],
    ['directory', { jobs: 2 }],
    ['tar', {}],
    ['plain', {}],
  ] as const)('backs up in the %s format and restores into a new database with identical contents', async (format, extra) => {
    const manifest = await backup({ format, ...extra });
    backups.set(format, manifest.id);
    expect(manifest).toMatchObject({ status: 'complete', kind: 'logical', origin: 'tidemark', profile: { id: profileId, name: 'harness' } });
    expect(manifest.logical.database).toBe(shopDb);
    expect(manifest.logical.rowCounts).toBe('snapshot');
    expect(manifest.server?.systemIdentifier).toMatch(/^\d+$/);
    expect(manifest.tool?.version).toMatch(/^\d+/);
    expect(manifest.files.map((f) => f.path)).toContain('globals.sql');
    expect(manifest.files.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);
    expect(manifest.totalBytes).toBe(manifest.files.reduce((n, f) => n + f.sizeBytes, 0));
    expect(JSON.stringify(manifest)).not.toContain(cluster.password);
    // Counts recorded in the dump's own snapshot: one per table, equal to the source's.
    for (const table of manifest.logical.tables) {
      expect(table.rows, `${table.schema}.${table.name}`).toBe(source[`${table.schema}.${table.name}`]!.rows);
    }
    expect(manifest.logical.tables.find((t) => t.name === ordersTable)).toMatchObject({
      schema: shopSchema,
      rows: 2000,
      indexes: expect.arrayContaining(['orders by customer']),
    });
    expect(manifest.verifications[0]?.checks.map((c) => c.kind)).toEqual(['checksums', 'readable']);
    expect(manifest.log.some((line) => /dumping contents of table/.test(line.text))).toBe(true);

    const target = `restored ${format} ñ "x"`;
    const result = await restoreNew(manifest.id, target);
    expect(result).toMatchObject({ created: true, outcome: 'clean', ignoredErrors: 0, mismatchedTables: 0 });
    expect(result.tables.length).toBe(manifest.logical.tables.length);
    expect(await tableFingerprints(cluster, target)).toEqual(source);
    const functions = await cluster.query(`select inventory."total qty"() as total, (select count(*) from inventory."Item View") as visible`, [], target);
    expect(Number(functions[0]!.total)).toBeGreaterThan(0);
    await cluster.query(`drop database ${quoteIdentifier(target)}`);
  });

  it('restores one table with its index and sequence, and nothing else', async () => {
    const id = backups.get('custom')!;
    const target = 'one table';
    const result = await restoreNew(id, target, { tables: [{ schema: shopSchema, name: ordersTable }] });
    expect(result.tables).toEqual([{ schema: shopSchema, name: ordersTable, expectedRows: 2000, actualRows: 2000, matches: true }]);
    const tables = await cluster.query<{ name: string }>(
      "select relname as name from pg_class where relkind = 'r' and relnamespace::regnamespace::text !~ '^(pg_|information_schema)' order by 1",
      [],
      target,
    );
    expect(tables.map((t) => t.name)).toEqual([ordersTable]);
    const indexes = await cluster.query<{ name: string }>('select indexname as name from pg_indexes where tablename = $1 order by 1', [ordersTable], target);
    expect(indexes.map((i) => i.name)).toContain('orders by customer');
    const fingerprint = await tableFingerprints(cluster, target);
    expect(fingerprint[`${shopSchema}.${ordersTable}`]).toEqual(source[`${shopSchema}.${ordersTable}`]);
    await cluster.query(`drop database ${quoteIdentifier(target)}`);
  });

  it('verifies by test restore into a scratch database, which is dropped', async () => {
    const id = backups.get('directory')!;
    const { jobId } = await call(api, 'backups.verify', { id, testRestore: true });
    const { verification } = await jobResult<VerifyResult>(ctx.services, jobId);
    expect(verification.ok).toBe(true);
    expect(verification.checks.map((c) => [c.kind, c.ok])).toEqual([
      ['checksums', true],
      ['readable', true],
      ['test-restore', true],
    ]);
    expect(verification.testRestore?.tables.every((t) => t.matches)).toBe(true);
    const scratch = await cluster.query("select datname from pg_database where datname like 'tidemark_verify_%'");
    expect(scratch).toEqual([]);
    const manifest = (await call(api, 'backups.get', { id })) as LogicalManifest;
    expect(manifest.verifications.at(-1)).toEqual(verification);
    const list = await call(api, 'backups.list', { profileId });
    expect(list.backups.find((b) => b.id === id)?.verification).toBe('test-restored');
  });

  it('catches a flipped byte in verify and refuses to restore it before touching the server', async () => {
    const manifest = await backup({ format: 'custom' });
    const file = join(ctx.services.paths.repositoryDir, 'backups', manifest.id, 'database.dump');
    await flipByteInTheMiddle(file);

    const { jobId } = await call(api, 'backups.verify', { id: manifest.id });
    const { verification } = await jobResult<VerifyResult>(ctx.services, jobId);
    expect(verification.ok).toBe(false);
    expect(verification.firstBrokenFile).toMatchObject({ path: 'database.dump', problem: 'checksum-differs' });

    await expect(restoreNew(manifest.id, 'never created')).rejects.toMatchObject({ code: 'backup_corrupt' });
    expect(await cluster.query("select 1 from pg_database where datname = 'never created'")).toEqual([]);
  });

  it('refuses to restore over an existing database without its name as confirmation', async () => {
    const id = backups.get('custom')!;
    const before = await tableFingerprints(cluster, shopDb);
    const attempt = call(api, 'restore.startLogical', { backupId: id, target: { kind: 'existing', database: shopDb, confirm: 'yes' } });
    await expect(attempt).rejects.toMatchObject({ code: 'confirmation_required' });
    await expect(restoreNew(id, shopDb)).rejects.toMatchObject({ code: 'conflict' });
    expect(await tableFingerprints(cluster, shopDb)).toEqual(before);
  });

  it('restores over an existing database with --clean when confirmed, and reports the row counts', async () => {
    const id = backups.get('custom')!;
    const target = 'existing target';
    await restoreNew(id, target);
    await cluster.query('delete from inventory.items where qty > 10', [], target);
    const { jobId } = await call(api, 'restore.startLogical', { backupId: id, target: { kind: 'existing', database: target, confirm: target } });
    const result = await jobResult<RestoreResult>(ctx.services, jobId);
    expect(result).toMatchObject({ created: false, target: 'existing', mismatchedTables: 0 });
    expect(await tableFingerprints(cluster, target)).toEqual(source);
    await cluster.query(`drop database ${quoteIdentifier(target)}`);
  });

  it('shows the contents as a tree, and previews commands without the password', async () => {
    const id = backups.get('custom')!;
    const contents = await call(api, 'backups.contents', { id });
    const sales = contents.schemas.find((s) => s.name === shopSchema);
    expect(sales?.objects).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'TABLE', name: ordersTable }),
        expect.objectContaining({ type: 'INDEX', name: 'orders by customer' }),
      ]),
    );
    expect(contents.schemas.find((s) => s.name === 'inventory')?.objects).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'VIEW', name: 'Item View' }), expect.objectContaining({ type: 'FUNCTION' })]),
    );
    const plain = await call(api, 'backups.contents', { id: backups.get('plain')! });
    expect(plain.tableCount).toBe(contents.tableCount);

    const preview = await call(api, 'backups.preview', {
      connection: { profileId },
      databases: [shopDb],
      options: { format: 'directory', jobs: 2, tables: ['"Sales Ünïcode".*'] },
    });
    const dump = preview.dumps[0]!;
    expect(dump.argv).toEqual(expect.arrayContaining(['--format=d', '--jobs=2', '--no-owner', '--no-privileges', '--table="Sales Ünïcode".*']));
    expect(dump.commandLine).not.toContain(cluster.password);
    expect(dump.commandLine).toContain(`'--table="Sales Ünïcode".*'`);
    const restorePreview = await call(api, 'restore.preview', { backupId: id, target: { kind: 'new', database: 'x y' } });
    expect(restorePreview.steps.map((s) => s.text).join('\n')).toContain('CREATE DATABASE "x y" TEMPLATE template0');
    expect(JSON.stringify(restorePreview)).not.toContain(cluster.password);
  });

  it('backs up every database as one job, each with the globals beside it', async () => {
    await cluster.query('create database "created later"');
    const { jobId } = await call(api, 'backups.startLogical', { connection: { profileId }, databases: 'all', options: { format: 'custom' } });
    const result = await jobResult<LogicalBackupResult>(ctx.services, jobId);
    const everyDatabase = (await cluster.query<{ datname: string }>('select datname from pg_database where not datistemplate')).map((row) => row.datname);
    expect(result.backups.map((b) => b.database).sort()).toEqual(everyDatabase.sort());
    expect(everyDatabase).toEqual(expect.arrayContaining(['created later', 'postgres', shopDb]));
    for (const { id } of result.backups) {
      const globals = await readFile(join(ctx.services.paths.repositoryDir, 'backups', id, 'globals.sql'), 'utf8');
      expect(globals).toContain('CREATE ROLE postgres');
      expect(globals).not.toMatch(/PASSWORD '/);
    }
    const list = await call(api, 'backups.list', { database: 'created later' });
    expect(list.backups).toHaveLength(1);
  });

  it('imports dumps made elsewhere (seed 000 custom, seed 001 gzipped) and restores them', async () => {
    const pgDump = join(cluster.binDir, 'pg_dump');
    const dir = await mkdtemp(join(ctx.home, 'elsewhere-'));
    const file = join(dir, 'shop_20260213_020000.dump');
    await runTool(pgDump, ['-Fc', '-Z5', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${cluster.url(shopDb)}`]);
    const imported = await call(api, 'backups.import', { path: file, profileId });
    expect(imported).toMatchObject({ origin: 'imported', status: 'complete', logical: { format: 'custom', database: shopDb, rowCounts: 'none' } });
    expect(imported.logical.tables.length).toBe(5);

    const gz = join(dir, 'rachel_20250115_020000.sql.gz');
    await writeFile(gz, gzipSync(await readFile(file)));
    const fromGzip = await call(api, 'backups.import', { path: gz, database: 'rachel' });
    expect(fromGzip.logical).toMatchObject({ format: 'custom', database: 'rachel' });

    const result = await restoreNew(imported.id, 'from import');
    expect(result.outcome).toBe('clean');
    expect(result.tables.every((t) => t.actualRows === source[`${t.schema}.${t.name}`]!.rows)).toBe(true);
    expect(await tableFingerprints(cluster, 'from import')).toEqual(source);
    await expect(call(api, 'backups.import', { path: join(dir, 'nothing.dump') })).rejects.toMatchObject({ code: 'not_found' });
    expect((await readdir(join(ctx.services.paths.repositoryDir, 'backups'))).some((name) => name.startsWith('.'))).toBe(false);
  });

  it('deletes a backup only when its id is repeated', async () => {
    const id = backups.get('tar')!;
    await expect(call(api, 'backups.delete', { id, confirm: 'yes' })).rejects.toMatchObject({ code: 'confirmation_required' });
    await call(api, 'backups.delete', { id, confirm: id });
    await expect(call(api, 'backups.get', { id })).rejects.toMatchObject({ code: 'not_found' });
  });
});
