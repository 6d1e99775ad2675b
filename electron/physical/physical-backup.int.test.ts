import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TidemarkApi } from '../../shared/contract';
import type { ArchiveApplyResult } from '../../shared/domain/archiving';
import { physicalManifestSchema, type PhysicalBackupResult } from '../../shared/domain/physical';
import { compareLsn, formatLsn } from '../../shared/domain/wal';
import { call } from '../api/local-api';
import { jobResult, whenJobLogs } from '../../test/support/job-test-support';
import { apiForCluster } from '../../test/support/wal-test-support';
import { readManifest } from '../repository/manifest';
import { findFirstBrokenFile } from '../repository/checksums';
import { createTestCluster, type TestCluster } from '../../test/harness/pg-cluster';
import type { TestServices } from '../../test/harness/test-services';

describe('physical base backups of a real server', () => {
  let cluster: TestCluster;
  let ctx: TestServices;
  let api: TidemarkApi;
  let repositoryDir: string;
  let profileId: string;

  beforeAll(async () => {
    // archive_mode on from the start, so Tidemark's setup needs only a reload.
    cluster = await createTestCluster({ settings: { archive_mode: 'on' } });
    ({ ctx, api, profileId, repositoryDir } = await apiForCluster(cluster));
    const { jobId } = await call(api, 'archive.apply', { server: { profileId } });
    expect((await jobResult<ArchiveApplyResult>(ctx.services, jobId)).verification).toMatchObject({ status: 'works' });
    await cluster.query('create table filler as select g, md5(g::text) as t from generate_series(1, 20000) g');
  });
  afterAll(async () => {
    await cluster?.destroy();
    await ctx?.cleanup();
  });

  async function backUp(options: Record<string, unknown>): Promise<PhysicalBackupResult> {
    const { jobId } = await call(api, 'physical.backup', { server: { profileId }, ...options });
    return jobResult<PhysicalBackupResult>(ctx.services, jobId);
  }

  it.each([
    ['tar, uncompressed', { format: 'tar' }, 'extracted', ['backup_manifest', 'base.tar', 'pg_wal.tar']],
    [
      'tar, server-side zstd with workers',
      { format: 'tar', compression: 'server-zstd:level=3,workers=2' },
      'extracted',
      ['backup_manifest', 'base.tar.zst', 'pg_wal.tar'],
    ],
    [
      'tar, client-side gzip',
      { format: 'tar', compression: 'client-gzip:1', checkpoint: 'spread' },
      'extracted',
      ['backup_manifest', 'base.tar.gz', 'pg_wal.tar.gz'],
    ],
    ['plain, server-side lz4', { format: 'plain', compression: 'server-lz4' }, 'direct', ['PG_VERSION', 'backup_label', 'backup_manifest', 'pg_wal']],
  ])('%s: verified by pg_verifybackup, with its WAL points, and usable for PITR', async (_name, options, method, files) => {
    const result = await backUp({ ...options, label: 'it test' });
    const backup = result.backup;
    expect(backup.status).toBe('complete');
    expect(backup.verification).toMatchObject({ status: 'passed', method });
    expect(backup.pitr).toMatchObject({ usable: true });
    const points = backup.points!;
    expect(compareLsn(points.startLsn, points.stopLsn)).toBeLessThan(0);
    expect(points.timeline).toBe(1);
    // The server archives the backup's history file; its times are the server's own.
    expect(points.timeSource).toBe('backup-history-file');
    expect(Date.parse(points.stopTime)).toBeGreaterThanOrEqual(Date.parse(points.startTime));

    const dir = join(repositoryDir, 'backups', backup.id);
    const manifest = await readManifest(dir, physicalManifestSchema);
    expect(manifest.physical.label).toBe('it test');
    expect(manifest.physical.command.join(' ')).not.toContain(cluster.password);
    expect(await readdir(join(dir, 'basebackup'))).toEqual(expect.arrayContaining(files));
    expect(manifest.files.length).toBeGreaterThan(0);
    // The data files (plain) or the tar of the data are checksummed by backup_manifest; the WAL
    // and backup_manifest itself have their SHA-256, and it matches the bytes on disk.
    const unhashed = manifest.files.filter((file) => file.sha256 === null).map((file) => file.path);
    if (manifest.physical.format === 'tar') expect(unhashed).toEqual([expect.stringMatching(/^basebackup\/base\.tar/)]);
    else expect(unhashed).toEqual(expect.arrayContaining(['basebackup/PG_VERSION', 'basebackup/global/pg_control', 'basebackup/backup_label']));
    expect(unhashed.some((path) => path.startsWith('basebackup/pg_wal/') || path === 'basebackup/backup_manifest')).toBe(false);
    const hashed = manifest.files.flatMap((file) => (file.sha256 === null ? [] : [{ ...file, sha256: file.sha256 }]));
    expect(await findFirstBrokenFile(dir, hashed)).toBeNull();
    expect(manifest.verifications[0]).toMatchObject({ ok: true });

    const listed = await call(api, 'physical.list', { repositoryDir });
    expect(listed.map((b) => b.id)).toContain(backup.id);
    const [row] = await cluster.query<{ start: string }>(`select '${formatLsn(points.startLsn)}'::pg_lsn::text as start`);
    expect(row!.start).toBe(formatLsn(points.startLsn));
  });

  it('refuses client-side compression of a plain backup before touching the repository', async () => {
    const before = await readdir(join(repositoryDir, 'backups'));
    await expect(backUp({ format: 'plain', compression: 'client-zstd' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/plain-format backup cannot be compressed on the client/),
    });
    expect(await readdir(join(repositoryDir, 'backups'))).toEqual(before);
  });

  it('rejects a compression spec it cannot read', async () => {
    await expect(call(api, 'physical.backup', { server: { profileId }, compression: 'zstd:speed=9' })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('cancelled mid-copy, leaves a cancelled record and no data', async () => {
    // 32 kB/s: the copy takes long enough to cancel in the middle of it.
    const { jobId } = await call(api, 'physical.backup', { server: { profileId }, maxRateKbps: 32 });
    await whenJobLogs(ctx.services, jobId, /write-ahead log start point/);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await call(api, 'jobs.cancel', { jobId });
    await expect(jobResult(ctx.services, jobId)).rejects.toMatchObject({ code: 'cancelled' });
    const entries = await readdir(join(repositoryDir, 'backups'));
    expect(entries.filter((name) => name.startsWith('.tmp-'))).toEqual([]);
    const list = await call(api, 'physical.list', { repositoryDir });
    const cancelled = list.find((b) => b.status === 'cancelled')!;
    expect(cancelled).toBeDefined();
    expect(cancelled.points).toBeNull();
    expect(await stat(join(repositoryDir, 'backups', cancelled.id, 'basebackup')).catch(() => null)).toBeNull();
  });

  it('a server stopped mid-backup fails the job with a plain message, and keeps no data', async () => {
    const { jobId } = await call(api, 'physical.backup', { server: { profileId }, maxRateKbps: 32 });
    await whenJobLogs(ctx.services, jobId, /write-ahead log start point/);
    await cluster.stop('fast');
    try {
      await expect(jobResult(ctx.services, jobId)).rejects.toMatchObject({ code: 'server_error', message: expect.stringMatching(/server went away/) });
    } finally {
      await cluster.start();
    }
    const list = await call(api, 'physical.list', { repositoryDir });
    const failed = list.find((b) => b.status === 'failed')!;
    expect(failed.failure).toMatchObject({ code: 'server_error' });
    expect(await stat(join(repositoryDir, 'backups', failed.id, 'basebackup')).catch(() => null)).toBeNull();
  });

  it('reports what pg_basebackup and the server can do', async () => {
    const capabilities = await call(api, 'physical.capabilities', { server: { profileId } });
    expect(capabilities.allowed).toBe(true);
    expect(capabilities.compressions.find((c) => c.method === 'zstd' && c.location === 'server')).toMatchObject({ available: true, workers: true });
    expect(capabilities.verifiable.tar.direct).toBe(false);
  });
});
