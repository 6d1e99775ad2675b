import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TidemarkApi } from '../../shared/contract';
import type { ArchiveApplyResult, ArchiveVerification } from '../../shared/domain/archiving';
import { call } from '../api/local-api';
import { jobResult } from '../../test/support/job-test-support';
import { apiForCluster } from '../../test/support/wal-test-support';
import { createTestCluster, type TestCluster } from '../../test/harness/pg-cluster';
import type { TestServices } from '../../test/harness/test-services';
import { claimArchiveFolder, clusterMarkerName } from '../wal/archive-folder';

describe('setting up WAL archiving on a real server', () => {
  let cluster: TestCluster;
  let ctx: TestServices;
  let api: TidemarkApi;
  let repositoryDir: string;
  const server = () => ({ profileId });
  let profileId: string;

  beforeAll(async () => {
    cluster = await createTestCluster();
    ({ ctx, api, profileId, repositoryDir } = await apiForCluster(cluster));
  });
  afterAll(async () => {
    await cluster?.destroy();
    await ctx?.cleanup();
  });

  it("plans basic_archive into <repo>/wal/<sysid>, says archive_mode needs a restart, and why the runbooks' command is not enough", async () => {
    const plan = await call(api, 'archive.plan', { server: server() });
    const [row] = await cluster.query<{ sysid: string }>('select system_identifier::text as sysid from pg_control_system()');
    expect(plan.archiveDir).toBe(join(repositoryDir, 'wal', row!.sysid));
    expect(plan.method).toEqual({ kind: 'basic_archive', directory: plan.archiveDir });
    expect(plan.changes.map((c) => [c.name, c.to, c.takesEffectOn])).toEqual(
      expect.arrayContaining([
        ['archive_mode', 'on', 'restart'],
        ['archive_library', 'basic_archive', 'reload'],
        ['basic_archive.archive_directory', plan.archiveDir, 'reload'],
      ]),
    );
    expect(plan.restartNeeded).toBe(true);
    expect(plan.blockers).toEqual([]);
    expect(plan.naiveCommandWhyNot).toMatch(/fsync/);
    expect(plan.naiveCommandWhyNot).toMatch(/retries/);
  });

  it('refuses a role that is not a superuser, saying what to do', async () => {
    await cluster.query("create role app login password 'app-pw-1'");
    const target = { kind: 'params' as const, host: '127.0.0.1', port: cluster.port, database: 'postgres', user: 'app', sslmode: 'disable' as const };
    const plan = await call(api, 'archive.plan', { server: { target, password: 'app-pw-1' }, repositoryDir });
    expect(plan.checks.find((c) => c.id === 'privileges')?.status).toBe('blocked');
    expect(plan.blockers[0]).toMatch(/not a superuser.*ALTER SYSTEM/);
    const { jobId } = await call(api, 'archive.apply', { server: { target, password: 'app-pw-1' }, repositoryDir });
    await expect(jobResult(ctx.services, jobId)).rejects.toMatchObject({ code: 'insufficient_privilege' });
  });

  it('applies with ALTER SYSTEM, reports the pending restart, and after it a segment arrives and is counted', async () => {
    const { jobId } = await call(api, 'archive.apply', { server: server() });
    const applied = await jobResult<ArchiveApplyResult>(ctx.services, jobId);
    expect(applied.reloaded).toBe(true);
    expect(applied.restart).toBe('needed');
    expect(applied.pendingRestart).toContain('archive_mode');
    expect(applied.verification).toBeNull();
    expect(await readFile(join(applied.plan.archiveDir, clusterMarkerName), 'utf8')).toContain(applied.plan.server.systemIdentifier);

    await cluster.stop();
    await cluster.start();
    const verify = await call(api, 'archive.verify', { server: server(), timeoutMs: 30_000 });
    const verification = await jobResult<ArchiveVerification>(ctx.services, verify.jobId);
    expect(verification).toMatchObject({ status: 'works' });
    const segment = (verification as { segment: string }).segment;
    expect(await readdir(applied.plan.archiveDir)).toContain(segment);
    const [stats] = await cluster.query<{ last_archived_wal: string }>('select last_archived_wal from pg_stat_archiver');
    expect(stats!.last_archived_wal >= segment).toBe(true);

    const plan = await call(api, 'archive.plan', { server: server() });
    expect(plan.alreadyConfigured).toBe(true);
    const status = await call(api, 'archive.status', { server: server() });
    expect(status.configured).toBe(true);
    expect(status.archivedCount).toBeGreaterThan(0);
    expect(status.readyCount).not.toBeNull();
    expect(status.warnings).toEqual([]);
  });

  it('shows a folder the server cannot write as failures with the last failed segment', async () => {
    const plan = await call(api, 'archive.plan', { server: server() });
    await chmod(plan.archiveDir, 0o500);
    try {
      const { jobId } = await call(api, 'archive.verify', { server: server(), timeoutMs: 30_000 });
      const verification = await jobResult<ArchiveVerification>(ctx.services, jobId);
      expect(verification.status).toBe('failing');
      expect(verification).toMatchObject({ lastFailedWal: expect.stringMatching(/^[0-9A-F]{24}$/) });
      const status = await call(api, 'archive.status', { server: server() });
      expect(status.warnings.map((w) => w.code)).toContain('failing');
    } finally {
      await chmod(plan.archiveDir, 0o700);
    }
    // Once the folder is writable again the stuck segment goes through and archiving recovers.
    const { jobId } = await call(api, 'archive.verify', { server: server(), timeoutMs: 60_000 });
    expect(await jobResult<ArchiveVerification>(ctx.services, jobId)).toMatchObject({ status: 'works' });
  });

  it('switches to the archive script (archive_command) with a reload only, and it archives too', async () => {
    const { jobId } = await call(api, 'archive.apply', { server: server(), method: 'archive_command', archiveTimeoutSeconds: 300 });
    const applied = await jobResult<ArchiveApplyResult>(ctx.services, jobId);
    expect(applied.plan.method.kind).toBe('archive_command');
    expect(applied.applied.map((c) => c.name)).toEqual(expect.arrayContaining(['archive_command', 'archive_library', 'archive_timeout']));
    expect(applied.restart).toBe('not-needed');
    expect(applied.verification).toMatchObject({ status: 'works' });
    const [row] = await cluster.query<{ archive_command: string }>("select current_setting('archive_command') as archive_command");
    expect(row!.archive_command).toContain('archive-wal.sh');
  });

  it("refuses a WAL folder that holds another cluster's WAL", async () => {
    const foreign = join(ctx.home, 'foreign', 'wal', '123');
    await mkdir(foreign, { recursive: true });
    await writeFile(join(foreign, clusterMarkerName), JSON.stringify({ systemIdentifier: '999', walSegmentSizeBytes: 16777216, createdAt: '' }));
    await expect(claimArchiveFolder(foreign, { systemIdentifier: '123', walSegmentSizeBytes: 16777216 })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/another cluster's WAL.*999/),
    });
  });

  it('says wal_level minimal needs a restart, and restarts a cluster Tidemark manages when asked', async () => {
    const minimal = await createTestCluster({ settings: { wal_level: 'minimal', max_wal_senders: 0 } });
    try {
      const server = {
        target: { kind: 'params' as const, host: '127.0.0.1', port: minimal.port, database: 'postgres', user: 'postgres', sslmode: 'disable' as const },
        password: minimal.password,
      };
      const plan = await call(api, 'archive.plan', { server, repositoryDir });
      expect(plan.checks.find((c) => c.id === 'wal_level')).toMatchObject({ status: 'change', current: 'minimal', wanted: 'replica' });
      expect(plan.changes.find((c) => c.name === 'wal_level')).toMatchObject({ takesEffectOn: 'restart' });
      expect(plan.changes.find((c) => c.name === 'max_wal_senders')).toMatchObject({ to: '10', takesEffectOn: 'restart' });
      expect(plan.restartNeeded).toBe(true);
      expect(plan.managedClusterId).toBeNull();

      // The same cluster as one Tidemark manages (as the sandbox is): the setup may restart it.
      ctx.services.clusters.add({
        id: 'managed-minimal',
        name: 'Minimal',
        role: 'sandbox',
        dataDir: minimal.dataDir,
        port: minimal.port,
        binDir: minimal.binDir,
        majorVersion: minimal.majorVersion,
        createdAt: new Date().toISOString(),
        keepRunning: false,
        profileId: null,
        archiveDir: null,
      });
      const { jobId } = await call(api, 'archive.apply', { server, repositoryDir, restart: true, verifyTimeoutMs: 30_000 });
      const applied = await jobResult<ArchiveApplyResult>(ctx.services, jobId);
      expect(applied.plan.managedClusterId).toBe('managed-minimal');
      expect(applied.restart).toBe('done');
      expect(applied.pendingRestart).toEqual([]);
      expect(applied.verification).toMatchObject({ status: 'works' });
      expect(ctx.services.clusters.get('managed-minimal').archiveDir).toBe(applied.plan.archiveDir);
      const [row] = await minimal.query<{ wal_level: string }>("select current_setting('wal_level') as wal_level");
      expect(row!.wal_level).toBe('replica');
    } finally {
      await minimal.destroy();
    }
  });
});
