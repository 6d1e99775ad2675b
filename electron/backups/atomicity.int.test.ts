import { execFileSync } from 'node:child_process';
import { hostname } from 'node:os';
import { mkdtemp, readdir, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TidemarkApi } from '../../shared/contract';
import { anyManifestSchema, type LogicalManifest } from '../../shared/domain/backup';
import { call } from '../api/local-api';
import { runTool } from '../pgtools/run-tool';
import { PendingBackupDir } from '../repository/atomic-backup-dir';
import { newBackupId, repositoryLayout } from '../repository/layout';
import { readBackupManifest } from '../repository/manifest';
import type { TestCluster } from '../../test/harness/pg-cluster';
import type { TestServices } from '../../test/harness/test-services';
import { createBackupTestBed, type BackupTestBed } from '../../test/support/backup-test-bed';
import { jobResult, whenJobLogs } from '../../test/support/job-test-support';

/** Polls until `check` returns a value (the pending folder appearing, a file growing). */
async function until<T>(check: () => Promise<T | null | undefined>, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('a backup that does not finish leaves nothing that looks complete', () => {
  let cluster: TestCluster;
  let ctx: TestServices;
  let api: TidemarkApi;
  let profileId: string;
  let backupsDir: string;

  let bed: BackupTestBed;

  beforeAll(async () => {
    bed = await createBackupTestBed();
    ({ cluster, ctx, api, profileId } = bed);
    backupsDir = join(ctx.services.paths.repositoryDir, 'backups');
    // About 80 MB of hex text: pg_dump -Z9 needs seconds for it, time enough to act mid-dump.
    await cluster.query('create database big');
    await cluster.query('create table big as select g as id, md5(g::text) as a, md5((g * 7)::text) as b from generate_series(1, 1000000) g', [], 'big');
  });
  afterAll(async () => {
    await bed?.destroy();
  });

  async function recordOf(id: string) {
    expect(await readdir(join(backupsDir, id))).toEqual(['manifest.json']);
    return readBackupManifest(repositoryLayout(ctx.services.paths.repositoryDir), id, anyManifestSchema);
  }

  it('cancelled mid-dump: pg_dump stopped, partial files removed, a cancelled record in the history', async () => {
    const { jobId } = await call(api, 'backups.startLogical', {
      connection: { profileId },
      databases: ['big'],
      options: { format: 'custom', compressionLevel: 9 },
    });
    await whenJobLogs(ctx.services, jobId, /dumping contents of table "public\.big"/);
    const pending = await until(async () => (await readdir(backupsDir)).find((name) => name.startsWith('.tmp-')));
    await until(async () => ((await stat(join(backupsDir, pending, 'database.dump')).catch(() => null))?.size ?? 0) > 1_000_000);
    await call(api, 'jobs.cancel', { jobId });
    await expect(jobResult(ctx.services, jobId)).rejects.toMatchObject({ code: 'cancelled' });

    const entries = await readdir(backupsDir);
    expect(entries.filter((name) => name.startsWith('.'))).toEqual([]);
    const id = pending.slice('.tmp-'.length);
    expect(await recordOf(id)).toMatchObject({ status: 'cancelled', files: [], totalBytes: 0, failure: { code: 'cancelled' } });
    const list = await call(api, 'backups.list', { database: 'big' });
    expect(list.backups.map((b) => [b.id, b.status])).toEqual([[id, 'cancelled']]);
    // Neither pg_dump nor the snapshot transaction outlives the cancel.
    await until(async () => (await cluster.query("select 1 from pg_stat_activity where datname = 'big'")).length === 0 || null);
    await expect(call(api, 'restore.startLogical', { backupId: id, target: { kind: 'new', database: 'nope' } })).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });

  it('a full disk fails the backup cleanly', async () => {
    const { jobId } = await call(api, 'backups.startLogical', {
      connection: { profileId },
      databases: ['big'],
      options: { format: 'directory', compressionLevel: 9 },
    });
    const pending = await until(async () => (await readdir(backupsDir)).find((name) => name.startsWith('.tmp-')));
    // The directory format writes toc.dat last: pointing it at /dev/full makes that write fail with ENOSPC.
    const dumpDir = join(backupsDir, pending, 'database.dir');
    await until(async () => (await stat(dumpDir).catch(() => null))?.isDirectory());
    await symlink('/dev/full', join(dumpDir, 'toc.dat'));
    await expect(jobResult(ctx.services, jobId)).rejects.toMatchObject({ code: 'disk_full' });
    const id = pending.slice('.tmp-'.length);
    expect((await readdir(backupsDir)).filter((name) => name.startsWith('.'))).toEqual([]);
    expect(await recordOf(id)).toMatchObject({ status: 'failed', files: [], failure: { code: 'disk_full' } });
  });

  it('left behind by a crash, is swept as failed when the repository is next opened', async () => {
    const repo = await mkdtemp(join(ctx.home, 'crashed-repo-'));
    const layout = repositoryLayout(repo);
    const id = newBackupId();
    const pending = await PendingBackupDir.create(layout, id, {
      manifestVersion: 1,
      id,
      kind: 'logical',
      status: 'failed',
      failure: null,
      origin: 'tidemark',
      profile: { id: profileId, name: 'harness' },
      server: null,
      tool: null,
      startedAt: new Date().toISOString(),
      endedAt: null,
      durationMs: null,
      totalBytes: 0,
      files: [],
      verifications: [],
      log: [],
    });
    // A real partial dump, then the writer "crashes": its owner record names a process that has exited.
    await runTool(join(cluster.binDir, 'pg_dump'), ['-Fc', `--file=${join(pending.path, 'database.dump')}`, `--dbname=${cluster.url('postgres')}`]);
    const deadPid = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).toString());
    await writeFile(join(pending.path, '.owner.json'), JSON.stringify({ pid: deadPid, hostname: hostname(), bootId: null, startedAt: '' }));

    const list = await call(api, 'backups.list', { repositoryDir: repo });
    expect(list.backups).toEqual([expect.objectContaining({ id, status: 'failed', failure: expect.objectContaining({ code: 'interrupted' }) })]);
    expect(await readdir(layout.backupsDir)).toEqual([id]);
    expect(await readdir(layout.backupDir(id))).toEqual(['manifest.json']);
  });

  it('refuses a backup of a database that does not exist, and writes nothing', async () => {
    const before = await readdir(backupsDir);
    const { jobId } = await call(api, 'backups.startLogical', { connection: { profileId }, databases: ['no such db'] });
    await expect(jobResult(ctx.services, jobId)).rejects.toMatchObject({ code: 'database_not_found' });
    expect(await readdir(backupsDir)).toEqual(before);
  });

  it("takes exact counts in the dump's snapshot even while the table is being written", async () => {
    const writer = await cluster.client('big');
    let writing = true;
    const inserts = (async () => {
      while (writing) await writer.query('insert into big select g, md5(g::text), null from generate_series(1, 500) g');
    })();
    try {
      const { jobId } = await call(api, 'backups.startLogical', {
        connection: { profileId },
        databases: ['big'],
        options: { format: 'directory', jobs: 2, compressionLevel: 0 },
      });
      const result = await jobResult<{ backups: { id: string }[] }>(ctx.services, jobId);
      const manifest = (await call(api, 'backups.get', { id: result.backups[0]!.id })) as LogicalManifest;
      const recorded = manifest.logical.tables.find((t) => t.name === 'big')!.rows!;
      writing = false;
      await inserts;
      const { jobId: restoreJob } = await call(api, 'restore.startLogical', {
        backupId: manifest.id,
        target: { kind: 'new', database: 'big copy' },
        options: { jobs: 2 },
      });
      const restored = await jobResult<{ tables: { actualRows: number | null; expectedRows: number | null }[] }>(ctx.services, restoreJob);
      expect(restored.tables).toEqual([expect.objectContaining({ expectedRows: recorded, actualRows: recorded })]);
      expect(Number((await cluster.query('select count(*) as n from big', [], 'big'))[0]!.n)).toBeGreaterThan(recorded);
    } finally {
      writing = false;
      await inserts;
      await writer.end();
    }
  });
});
