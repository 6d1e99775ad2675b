import { rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TidemarkApi } from '../../shared/contract';
import type { VerifyResult } from '../../shared/domain/backup';
import { physicalManifestSchema, type PhysicalBackupResult } from '../../shared/domain/physical';
import { call } from '../api/local-api';
import { jobResult } from '../../test/support/job-test-support';
import { readManifest } from '../repository/manifest';
import { apiForCluster } from '../../test/support/wal-test-support';
import { createTestCluster, type TestCluster } from '../../test/harness/pg-cluster';
import { flipByteInTheMiddle } from '../../test/harness/damage';
import type { TestServices } from '../../test/harness/test-services';

describe('verifying a base backup kept in the repository', () => {
  let cluster: TestCluster;
  let ctx: TestServices;
  let api: TidemarkApi;
  let repositoryDir: string;
  let profileId: string;

  beforeAll(async () => {
    cluster = await createTestCluster();
    ({ ctx, api, profileId, repositoryDir } = await apiForCluster(cluster));
    await cluster.query('create table filler as select g, md5(g::text) as t from generate_series(1, 50000) g');
  });
  afterAll(async () => {
    await cluster?.destroy();
    await ctx?.cleanup();
  });

  async function backUp(format: 'tar' | 'plain'): Promise<string> {
    const { jobId } = await call(api, 'physical.backup', { server: { profileId }, format });
    return (await jobResult<PhysicalBackupResult>(ctx.services, jobId)).backup.id;
  }
  async function verify(id: string): Promise<VerifyResult> {
    const { jobId } = await call(api, 'backups.verify', { id });
    return jobResult<VerifyResult>(ctx.services, jobId);
  }
  const manifestOf = (id: string) => readManifest(join(repositoryDir, 'backups', id), physicalManifestSchema);
  const fileOf = (id: string, name: string) => join(repositoryDir, 'backups', id, 'basebackup', name);

  it('an intact tar backup passes, and the check is added to its history', async () => {
    const id = await backUp('tar');
    const { verification } = await verify(id);
    expect(verification).toMatchObject({ ok: true, firstBrokenFile: null });
    expect(verification.checks).toEqual([
      expect.objectContaining({ kind: 'checksums', ok: true }),
      expect.objectContaining({ kind: 'readable', ok: true, summary: expect.stringMatching(/every file matches backup_manifest/) }),
    ]);
    const manifest = await manifestOf(id);
    expect(manifest.verifications).toHaveLength(2);
    expect(manifest.physical.verification).toMatchObject({ status: 'passed', method: 'extracted' });
  });

  it('a flipped byte inside base.tar is found by pg_verifybackup, recorded, and shown as failed', async () => {
    const id = await backUp('tar');
    await flipByteInTheMiddle(fileOf(id, 'base.tar'));
    const { verification } = await verify(id);
    expect(verification.ok).toBe(false);
    // base.tar has no SHA-256 of its own (its members are in backup_manifest): sizes still match.
    expect(verification.checks[0]).toMatchObject({ kind: 'checksums', ok: true });
    expect(verification.checks[1]).toMatchObject({ kind: 'readable', ok: false, summary: expect.stringMatching(/checksum mismatch/) });
    expect((await manifestOf(id)).physical.verification).toMatchObject({ status: 'failed' });
    const listed = await call(api, 'physical.list', { repositoryDir });
    expect(listed.find((backup) => backup.id === id)?.verification).toMatchObject({ status: 'failed' });
  });

  it('a truncated pg_wal.tar is named as the first broken file', async () => {
    const id = await backUp('tar');
    await truncate(fileOf(id, 'pg_wal.tar'), 4096);
    const { verification } = await verify(id);
    expect(verification.ok).toBe(false);
    expect(verification.firstBrokenFile).toMatchObject({ path: 'basebackup/pg_wal.tar', problem: 'size-differs' });
    expect(verification.checks[1]).toMatchObject({ kind: 'readable', ok: false });
  });

  it('a plain backup missing a data file names it, and pg_verifybackup agrees', async () => {
    const id = await backUp('plain');
    expect((await verify(id)).verification.ok).toBe(true);
    await rm(fileOf(id, 'PG_VERSION'));
    const { verification } = await verify(id);
    expect(verification.firstBrokenFile).toMatchObject({ path: 'basebackup/PG_VERSION', problem: 'missing' });
    expect(verification.checks[1]).toMatchObject({ kind: 'readable', ok: false, summary: expect.stringMatching(/PG_VERSION/) });
  });

  it('refuses a test restore of a base backup, saying what does that instead', async () => {
    const id = await backUp('tar');
    await expect(call(api, 'backups.verify', { id, testRestore: true })).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringMatching(/point-in-time recovery/),
    });
  });
});
