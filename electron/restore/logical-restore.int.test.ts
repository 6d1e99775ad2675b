import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TidemarkApi } from '../../shared/contract';
import type { LogicalBackupResult, LogicalManifest } from '../../shared/domain/backup';
import type { RestoreResult } from '../../shared/domain/restore';
import { call } from '../api/local-api';
import { quoteIdentifier } from '../../shared/domain/sql-identifier';
import { jobResult, whenJobLogs } from '../../test/support/job-test-support';
import type { TestCluster } from '../../test/harness/pg-cluster';
import type { TestServices } from '../../test/harness/test-services';
import { createBackupTestBed, type BackupTestBed } from '../../test/support/backup-test-bed';

const roleWithSpace = 'Reporting Role ü';

describe('logical restores against a real server', () => {
  let cluster: TestCluster;
  let ctx: TestServices;
  let api: TidemarkApi;
  let profileId: string;
  let bigBackup: string;

  let bed: BackupTestBed;

  beforeAll(async () => {
    bed = await createBackupTestBed();
    ({ cluster, ctx, api, profileId } = bed);
    await cluster.query('create database big');
    await cluster.query('create table big as select g as id, md5(g::text) as a from generate_series(1, 1000000) g', [], 'big');
    await cluster.query('create index big_a on big (a)', [], 'big');
    bigBackup = (await backup('big', { format: 'custom', compressionLevel: 0 })).id;
  });
  afterAll(async () => {
    await bed?.destroy();
  });

  async function backup(database: string, options: Record<string, unknown>): Promise<LogicalManifest> {
    const { jobId } = await call(api, 'backups.startLogical', { connection: { profileId }, databases: [database], options });
    const result = await jobResult<LogicalBackupResult>(ctx.services, jobId);
    return (await call(api, 'backups.get', { id: result.backups[0]!.id })) as LogicalManifest;
  }

  async function restore(backupId: string, target: Record<string, unknown>, options: Record<string, unknown> = {}): Promise<RestoreResult> {
    const { jobId } = await call(api, 'restore.startLogical', { backupId, target: target as never, options });
    return jobResult<RestoreResult>(ctx.services, jobId);
  }

  const databaseExists = async (name: string) => (await cluster.query('select 1 from pg_database where datname = $1', [name])).length === 1;

  it('cancelled while pg_restore copies the rows, drops the new database', async () => {
    const { jobId } = await call(api, 'restore.startLogical', { backupId: bigBackup, target: { kind: 'new', database: 'big restored' } });
    await whenJobLogs(ctx.services, jobId, /processing data for table "public\.big"/);
    await call(api, 'jobs.cancel', { jobId });
    await expect(jobResult(ctx.services, jobId)).rejects.toMatchObject({ code: 'cancelled' });
    expect(await databaseExists('big restored')).toBe(false);
  });

  it('restores the definitions only, then the rows only into that database', async () => {
    await restore(bigBackup, { kind: 'new', database: 'two steps' }, { content: 'schema-only' }).then((result) => {
      expect(result.tables).toEqual([{ schema: 'public', name: 'big', expectedRows: 0, actualRows: 0, matches: true }]);
    });
    const data = await restore(bigBackup, { kind: 'existing', database: 'two steps', clean: false, confirm: 'two steps' }, { content: 'data-only', jobs: 2 });
    expect(data).toMatchObject({ created: false, outcome: 'clean', mismatchedTables: 0 });
    expect(data.tables[0]).toMatchObject({ expectedRows: 1_000_000, actualRows: 1_000_000 });
  });

  it('in a single transaction, an error leaves the existing database as it was', async () => {
    // Restoring the definitions again without --clean fails at the first CREATE TABLE.
    await expect(
      restore(bigBackup, { kind: 'existing', database: 'two steps', clean: false, confirm: 'two steps' }, { singleTransaction: true }),
    ).rejects.toMatchObject({
      code: 'tool_failed',
      message: expect.stringContaining('already exists'),
    });
    expect(Number((await cluster.query('select count(*) as n from big', [], 'two steps'))[0]!.n)).toBe(1_000_000);
  });

  it('shows who is connected to the target, and ends those sessions only when confirmed', async () => {
    const session = await cluster.client('two steps');
    session.on('error', () => undefined);
    try {
      const info = await call(api, 'restore.targetInfo', { connection: { profileId }, database: 'two steps' });
      expect(info).toMatchObject({ exists: true, owner: 'postgres', encoding: 'UTF8', canCreateDatabase: true });
      expect(info.connections).toHaveLength(1);
      await expect(call(api, 'restore.terminateConnections', { connection: { profileId }, database: 'two steps', confirm: 'two' })).rejects.toMatchObject({
        code: 'confirmation_required',
      });
      const { terminated } = await call(api, 'restore.terminateConnections', { backupId: bigBackup, database: 'two steps', confirm: 'two steps' });
      expect(terminated).toEqual([info.connections[0]!.pid]);
      expect((await call(api, 'restore.targetInfo', { connection: { profileId }, database: 'nothing here' })).exists).toBe(false);
    } finally {
      await session.end().catch(() => undefined);
    }
  });

  it('onto a server without the owning role: errors ignored are a warning, and globals.sql brings the role back', async () => {
    await cluster.query(`create role ${quoteIdentifier(roleWithSpace)}`);
    await cluster.query('create database owned');
    await cluster.query(
      `create table reports (id int); insert into reports values (1), (2); alter table reports owner to ${quoteIdentifier(roleWithSpace)}`,
      [],
      'owned',
    );
    const manifest = await backup('owned', { format: 'custom', noOwner: false, noPrivileges: false });
    expect(manifest.logical.tocHints.owners).toContain(roleWithSpace);
    // As on a new server: the role is gone.
    await cluster.query('drop database owned');
    await cluster.query(`drop role ${quoteIdentifier(roleWithSpace)}`);

    const withoutRole = await restore(manifest.id, { kind: 'new', database: 'owned again' }, { noOwner: false, noPrivileges: false });
    expect(withoutRole.outcome).toBe('with-warnings');
    expect(withoutRole.ignoredErrors).toBeGreaterThan(0);
    expect(
      withoutRole.messages
        .filter((m) => m.level === 'error')
        .map((m) => m.text)
        .join('\n'),
    ).toContain(`role "${roleWithSpace}" does not exist`);
    expect(withoutRole.messages.at(-1)).toMatchObject({ level: 'warning', text: `errors ignored on restore: ${withoutRole.ignoredErrors}` });
    expect(withoutRole.tables).toEqual([expect.objectContaining({ name: 'reports', actualRows: 2, matches: true })]);

    const withGlobals = await restore(
      manifest.id,
      { kind: 'new', database: 'owned with globals' },
      { noOwner: false, noPrivileges: false, includeGlobals: true },
    );
    expect(withGlobals).toMatchObject({ outcome: 'clean', ignoredErrors: 0 });
    const owner = await cluster.query("select tableowner from pg_tables where tablename = 'reports'", [], 'owned with globals');
    expect(owner).toEqual([{ tableowner: roleWithSpace }]);
  });

  it('a plain dump that fails in psql stops at the first error (ON_ERROR_STOP) and says why', async () => {
    const plain = await backup('big', { format: 'plain', content: 'schema-only' });
    await expect(restore(plain.id, { kind: 'existing', database: 'two steps', clean: true, confirm: 'two steps' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(restore(plain.id, { kind: 'existing', database: 'two steps', clean: false, confirm: 'two steps' })).rejects.toMatchObject({
      code: 'tool_failed',
      message: expect.stringMatching(/psql failed: relation "big" already exists/),
    });
    await expect(restore(plain.id, { kind: 'new', database: 'x' }, { tables: [{ schema: 'public', name: 'big' }] })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});
