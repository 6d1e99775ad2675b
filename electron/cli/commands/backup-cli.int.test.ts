import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { BackupList, LogicalBackupResult, LogicalManifest, VerifyResult } from '../../../shared/domain/backup';
import type { ErrorPayload } from '../../../shared/domain/errors';
import type { RestoreResult } from '../../../shared/domain/restore';
import { runTool } from '../../pgtools/run-tool';
import { createTestCluster, type TestCluster } from '../../../test/harness/pg-cluster';
import { createTestServices, type TestServices } from '../../../test/harness/test-services';
import { addCliProfile, ensureCliBuilt, runTidemark } from '../../../test/harness/tidemark-cli';

const database = 'cli db ü';

describe('tidemark backup / backups / verify / restore / import (the CLI)', () => {
  let cluster: TestCluster;
  let home: TestServices;
  let backupId: string;
  const tidemark = (args: string[], options?: Parameters<typeof runTidemark>[2]) => runTidemark(home.home, args, options);
  const json = <T>(result: { stdout: unknown; stderr: unknown; exitCode?: number }): T => {
    expect(result.exitCode, String(result.stderr)).toBe(0);
    return JSON.parse(String(result.stdout)) as T;
  };
  const errorOf = (result: { stderr: unknown }) => (JSON.parse(String(result.stderr)) as { error: ErrorPayload }).error;

  beforeAll(async () => {
    [cluster, home] = await Promise.all([createTestCluster(), createTestServices(), ensureCliBuilt()]).then(([c, h]) => [c, h] as const);
    await cluster.query(`create database "${database}"`);
    await cluster.query(
      'create table "Mixed Table" (id int primary key, label text); insert into "Mixed Table" select g, \'row \' || g from generate_series(1, 250) g; create table other (x int); insert into other values (1)',
      [],
      database,
    );
    await addCliProfile(home.home, 'prod', cluster);
  });
  afterAll(async () => {
    await cluster?.destroy();
    await home?.cleanup();
  });

  it('backup logical --db NAME --json takes a backup, with progress on stderr', async () => {
    const result = await tidemark(['backup', 'logical', '--db', database, '--json']);
    const value = json<LogicalBackupResult>(result);
    expect(value.backups).toEqual([expect.objectContaining({ database })]);
    backupId = value.backups[0]!.id;
    expect(String(result.stderr)).toMatch(/dumping contents of table/);
  });

  it('--preview prints the pg_dump command without the password', async () => {
    const result = await tidemark([
      'backup',
      'logical',
      '--db',
      database,
      '--format',
      'directory',
      '--jobs',
      '2',
      '--table',
      'Mixed Table',
      '--exact',
      '--preview',
    ]);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(String(result.stdout)).toContain(`'--table="Mixed Table"'`);
    expect(String(result.stdout)).toContain('--jobs=2');
    expect(String(result.stdout)).not.toContain(cluster.password);
  });

  it('backups list and show', async () => {
    const list = json<BackupList>(await tidemark(['backups', 'list', '--json']));
    expect(list.backups.map((b) => b.id)).toEqual([backupId]);
    const human = await tidemark(['backups', 'list', '--db', database]);
    expect(String(human.stdout)).toMatch(new RegExp(`${backupId}\\s+complete\\s+${database}\\s+custom`));
    const manifest = json<LogicalManifest>(await tidemark(['backups', 'show', backupId, '--json']));
    expect(manifest.logical.tables).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Mixed Table', rows: 250 })]));
    const shown = await tidemark(['backups', 'show', backupId, '--contents']);
    expect(String(shown.stdout)).toMatch(/public\.Mixed Table\s+250/);
    expect(String(shown.stdout)).toMatch(/TABLE DATA\s+Mixed Table/);
  });

  it('verify ID --test-restore', async () => {
    const value = json<VerifyResult>(await tidemark(['verify', backupId, '--test-restore', '--json']));
    expect(value.verification.ok).toBe(true);
    expect(value.verification.testRestore?.tables).toHaveLength(2);
  });

  it('restore logical ID --target-db NAME --table SCHEMA.TABLE prints the row counts in its JSON', async () => {
    const value = json<RestoreResult>(await tidemark(['restore', 'logical', backupId, '--target-db', 'cli copy', '--table', 'public."Mixed Table"', '--json']));
    expect(value.tables).toEqual([{ schema: 'public', name: 'Mixed Table', expectedRows: 250, actualRows: 250, matches: true }]);
    const human = await tidemark(['restore', 'logical', backupId, '--target-db', 'cli copy 2']);
    expect(human.exitCode, String(human.stderr)).toBe(0);
    expect(String(human.stdout)).toMatch(/public\.Mixed Table\s+250\s+250\s+ok/);
  });

  it('refuses to restore over an existing database without --confirm NAME, and restores with it', async () => {
    const refused = await tidemark(['restore', 'logical', backupId, '--target-db', database, '--clean', '--json']);
    expect(refused.exitCode).not.toBe(0);
    expect(errorOf(refused).code).toBe('confirmation_required');
    const wrong = await tidemark(['restore', 'logical', backupId, '--target-db', database, '--clean', '--confirm', 'cli db']);
    expect(String(wrong.stderr)).toContain('type its name to confirm');
    const done = json<RestoreResult>(await tidemark(['restore', 'logical', backupId, '--target-db', database, '--clean', '--confirm', database, '--json']));
    expect(done).toMatchObject({ created: false, mismatchedTables: 0 });
  });

  it('import FILE, and --conn with PGPASSWORD instead of a profile', async () => {
    const file = join(home.home, 'made-elsewhere.dump');
    await runTool(join(cluster.binDir, 'pg_dump'), ['-Fc', `--file=${file}`, `--dbname=${cluster.url(database)}`]);
    const imported = json<LogicalManifest>(await tidemark(['import', file, '--profile', 'prod', '--json']));
    expect(imported).toMatchObject({ origin: 'imported', logical: { database } });

    const conn = `postgresql://postgres@127.0.0.1:${cluster.port}/postgres?sslmode=disable`;
    const result = await tidemark(['backup', 'logical', '--conn', conn, '--db', database, '--format', 'plain', '--json'], {
      env: { PGPASSWORD: cluster.password },
    });
    expect(json<LogicalBackupResult>(result).backups).toHaveLength(1);
  });

  it('backups delete needs the id repeated', async () => {
    const refused = await tidemark(['backups', 'delete', backupId, '--confirm', 'no', '--json']);
    expect(errorOf(refused).code).toBe('confirmation_required');
    expect((await tidemark(['backups', 'delete', backupId, '--confirm', backupId])).exitCode).toBe(0);
    const missing = await tidemark(['verify', backupId, '--json']);
    expect(errorOf(missing).code).toBe('not_found');
  });
});
