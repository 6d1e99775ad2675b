import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TidemarkApi } from '../../shared/contract';
import { TidemarkError } from '../../shared/domain/errors';
import { recoveryProblemFromError, type RecoveryProgress, type RecoveryResult } from '../../shared/domain/pitr';
import type { PhysicalBackupResult } from '../../shared/domain/physical';
import { formatSegmentName, segmentForLsn, segmentNumber, segmentFromNumber } from '../../shared/domain/wal';
import { createHandlers } from '../api/handlers';
import { call, createLocalApi } from '../api/local-api';
import { flipByteInTheMiddle } from '../../test/harness/damage';
import { createTestCluster, type TestCluster } from '../../test/harness/pg-cluster';
import { createTestServices, type TestServices } from '../../test/harness/test-services';
import {
  archiveCurrentSegment,
  batchesIn,
  between,
  folderListing,
  insertBatch,
  physicalBackup,
  recover,
  setUpArchiving,
  type Batch,
} from '../../test/support/pitr-test-fixture';

describe('point-in-time recovery from Tidemark archiving and physical backups', () => {
  let source: TestCluster;
  let ctx: TestServices;
  let api: TidemarkApi;
  let repositoryDir: string;
  let profileId: string;
  let backup: PhysicalBackupResult;
  let walDir: string;
  let beforeBackup: string;
  const batches: Batch[] = [];
  const recovered: RecoveryResult[] = [];

  beforeAll(async () => {
    source = await createTestCluster({ settings: { archive_mode: 'on' } });
    ctx = await createTestServices();
    api = createLocalApi(ctx.services, createHandlers(ctx.services));
    repositoryDir = join(ctx.home, 'repo');
    const profile = await call(api, 'profiles.save', {
      name: 'source',
      target: { kind: 'params', host: '127.0.0.1', port: source.port, database: 'postgres', user: 'postgres', sslmode: 'disable' },
      password: source.password,
      repositoryDir,
    });
    profileId = profile.id;
    await setUpArchiving(api, ctx.services, profileId);
    await source.query('create table events (batch int not null, n int not null)');
    beforeBackup = (await source.query<{ now: string }>('select to_char(clock_timestamp() at time zone \'UTC\', \'YYYY-MM-DD"T"HH24:MI:SS"+00"\') as now'))[0]!
      .now;
    await delay(1100);
    backup = await physicalBackup(api, ctx.services, profileId, { compression: 'server-zstd:level=3,workers=2' });
    expect(backup.backup.pitr).toMatchObject({ usable: true });
    walDir = join(repositoryDir, 'wal', backup.backup.systemIdentifier);

    for (let batch = 1; batch <= 5; batch++) {
      batches.push(await insertBatch(source, batch));
      if (batch === 3) {
        const point = await call(api, 'restorePoint.create', { server: { profileId }, name: 'after batch 3' });
        expect(point).toMatchObject({ name: 'after batch 3', archived: true, systemIdentifier: backup.backup.systemIdentifier });
      }
      // Wall-clock room between batches, so a target time can fall cleanly between two commits.
      await delay(400);
    }
    await source.query('drop table events');
    await archiveCurrentSegment(source);
    // One more segment after the drop's, so a gap in the middle has WAL after it.
    await source.query('create table after_drop as select 1 as one');
    await archiveCurrentSegment(source);
  });

  afterAll(async () => {
    for (const result of recovered) {
      await call(api, 'clusters.remove', { clusterId: result.clusterId, confirmName: result.clusterName }).catch(() => undefined);
    }
    await source?.destroy();
    await ctx?.cleanup();
  });

  function remember(result: RecoveryResult): RecoveryResult {
    recovered.push(result);
    return result;
  }

  it('recovers to a time between two batches into a new directory: exactly the rows committed before it, and the archive is untouched', async () => {
    const archiveBefore = await folderListing(walDir);
    const at = between(batches[1]!, batches[2]!);
    const plan = await call(api, 'pitr.plan', {
      source: { kind: 'server', server: { profileId } },
      target: { kind: 'time', at },
      destination: { kind: 'new-directory' },
    });
    expect(plan.kind).toBe('ready');
    if (plan.kind !== 'ready') return;
    expect(plan.plan.backup.id).toBe(backup.backup.id);
    // The timestamp is written with an explicit UTC offset, never as a naive local time.
    expect(plan.plan.settingsLines).toContain(`recovery_target_time = '${at.replace('T', ' ').replace('+00:00', '+00')}'`);
    expect(plan.plan.settingsLines).toContain('archive_mode = off');
    expect(plan.plan.settingsLines.find((line) => line.startsWith('restore_command'))).toMatch(/cp /);

    const result = remember(
      await recover(api, ctx.services, {
        source: { kind: 'server', server: { profileId } },
        target: { kind: 'time', at },
        destination: { kind: 'new-directory' },
      }),
    );
    expect(result.end.state).toEqual({ kind: 'promoted' });
    expect(result.inRecovery).toBe(false);
    expect(Date.parse(result.lastReplayedCommitTime!)).toBeLessThanOrEqual(Date.parse(at));
    expect(Date.parse(result.lastReplayedCommitTime!)).toBeGreaterThanOrEqual(Date.parse(batches[1]!.beganAt));
    expect(result.timeline).toBe(2);
    expect(result.tables).toContainEqual({ database: 'postgres', schema: 'public', table: 'events', rows: 200 });
    expect(await batchesIn(ctx.services, result)).toEqual([1, 2]);

    // A promoted copy on its own timeline, with archiving off: the source's archive gains nothing.
    await delay(1500);
    expect(await folderListing(walDir)).toEqual(archiveBefore);
    const clusters = await call(api, 'clusters.list', {});
    expect(clusters.find((c) => c.id === result.clusterId)).toMatchObject({ role: 'recovered', state: 'running', recovery: { status: 'promoted' } });

    // A recovered copy is a managed cluster like the sandbox: stopped and started again, it keeps its data.
    expect(await call(api, 'clusters.stop', { clusterId: result.clusterId })).toMatchObject({ state: 'stopped' });
    expect(await call(api, 'clusters.start', { clusterId: result.clusterId })).toMatchObject({ state: 'running', portChange: null });
    expect(await batchesIn(ctx.services, result)).toEqual([1, 2]);
  });

  it('reports typed progress for a recovery job, and the end of the base backup (immediate) recovers an empty table', async () => {
    // The figures travel as the job's progress detail on job.state, typed by the job's kind.
    const details: RecoveryProgress[] = [];
    const unsubscribe = ctx.services.events.on('job.state', (snapshot) => {
      if (snapshot.kind === 'pitr.recover' && snapshot.state.status === 'running' && snapshot.state.progress.detail)
        details.push(snapshot.state.progress.detail);
    });
    const { jobId } = await call(api, 'pitr.start', { repositoryDir, target: { kind: 'immediate' }, destination: { kind: 'new-directory' } });
    const result = remember(await ctx.services.jobs.result(jobId, 'pitr.recover'));
    unsubscribe();
    expect(await batchesIn(ctx.services, result)).toEqual([]);
    expect(result.stopPoint).toMatch(/after reaching consistency/);
    const progress = details.at(-1);
    expect(progress).toMatchObject({ jobId, phase: 'done' });
    expect(progress!.segmentsRestored).toBeGreaterThan(0);
    expect(progress!.extractedBytes).toBeGreaterThan(0);
    expect(details.some((detail) => detail.phase === 'extracting')).toBe(true);
  });

  it('recovers to an LSN, an xid and a named restore point, each exactly', async () => {
    const byLsn = remember(
      await recover(api, ctx.services, { repositoryDir, target: { kind: 'lsn', lsn: batches[2]!.lsnAfter }, destination: { kind: 'new-directory' } }),
    );
    expect(await batchesIn(ctx.services, byLsn)).toEqual([1, 2, 3]);

    const byXid = remember(
      await recover(api, ctx.services, {
        repositoryDir,
        target: { kind: 'xid', xid: batches[3]!.xid },
        inclusive: false,
        destination: { kind: 'new-directory' },
      }),
    );
    expect(await batchesIn(ctx.services, byXid)).toEqual([1, 2, 3]);
    expect(byXid.stopPoint).toMatch(new RegExp(`before commit of transaction ${batches[3]!.xid}`));

    const byName = remember(
      await recover(api, ctx.services, { repositoryDir, target: { kind: 'name', name: 'after batch 3' }, destination: { kind: 'new-directory' } }),
    );
    expect(await batchesIn(ctx.services, byName)).toEqual([1, 2, 3]);

    // Two recoveries from one backup are two clusters: a write to one is not in the other.
    expect(byLsn.port).not.toBe(byXid.port);
    expect(byLsn.dataDir).not.toBe(byXid.dataDir);
    const { resolveConnection } = await import('../profiles/connection');
    const { ProfileStore } = await import('../profiles/profile-store');
    const { withClient } = await import('../profiles/open-client');
    const profile = new ProfileStore(ctx.services.settings).get(byLsn.profileId!);
    await withClient(await resolveConnection(ctx.services, { profile }), (client) => client.query('insert into events values (99, 1)'));
    expect(await batchesIn(ctx.services, byXid)).toEqual([1, 2, 3]);
  });

  it('recovers to latest: the drop of the table is replayed too', async () => {
    const latest = remember(await recover(api, ctx.services, { repositoryDir, target: { kind: 'latest' }, destination: { kind: 'new-directory' } }));
    expect(latest.end.state.kind).toBe('promoted');
    expect(await batchesIn(ctx.services, latest)).toBeNull();
    expect(Date.parse(latest.lastReplayedCommitTime!)).toBeGreaterThan(Date.parse(batches[4]!.committedAt) - 1000);
  });

  it('pauses at the target for inspection, moves the target later, then promotes', async () => {
    const at = between(batches[0]!, batches[1]!);
    const paused = remember(
      await recover(api, ctx.services, { repositoryDir, target: { kind: 'time', at }, pauseForInspection: true, destination: { kind: 'new-directory' } }),
    );
    expect(paused.end.state).toEqual({ kind: 'paused' });
    expect(paused.inRecovery).toBe(true);
    expect(await batchesIn(ctx.services, paused)).toEqual([1]);

    const { jobId } = await call(api, 'pitr.retarget', { clusterId: paused.clusterId, target: { kind: 'lsn', lsn: batches[3]!.lsnAfter } });
    const { jobResult } = await import('../../test/support/job-test-support');
    const later = await jobResult<RecoveryResult>(ctx.services, jobId);
    expect(later.end.state).toEqual({ kind: 'paused' });
    expect(await batchesIn(ctx.services, later)).toEqual([1, 2, 3, 4]);

    const resumed = await jobResult<RecoveryResult>(ctx.services, (await call(api, 'pitr.resume', { clusterId: paused.clusterId })).jobId);
    expect(resumed.end.state).toEqual({ kind: 'promoted' });
    expect(resumed.inRecovery).toBe(false);
    expect(await batchesIn(ctx.services, resumed)).toEqual([1, 2, 3, 4]);
  });

  it("refuses a target at or before the base backup's end, a non-empty destination and a busy port, before anything starts", async () => {
    const early = await call(api, 'pitr.plan', { repositoryDir, target: { kind: 'time', at: beforeBackup }, destination: { kind: 'new-directory' } });
    expect(early).toMatchObject({ kind: 'refused', refusal: { state: { kind: 'target-before-backup-end', backupId: backup.backup.id } } });

    const busyDir = join(ctx.home, 'busy');
    await mkdir(busyDir);
    await writeFile(join(busyDir, 'keep.txt'), 'mine');
    const notEmpty = await call(api, 'pitr.plan', { repositoryDir, target: { kind: 'latest' }, destination: { kind: 'new-directory', dataDir: busyDir } });
    expect(notEmpty).toMatchObject({ kind: 'refused', refusal: { state: { kind: 'destination-not-empty', dataDir: busyDir } } });

    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const error = await call(api, 'pitr.start', { repositoryDir, target: { kind: 'latest' }, destination: { kind: 'new-directory', port } }).then(
        () => null,
        (e: unknown) => e as TidemarkError,
      );
      expect(error?.code).toBe('port_in_use');
      expect(recoveryProblemFromError(error!.toPayload())).toEqual({ kind: 'port-in-use', port });
    } finally {
      server.close();
    }
    expect(await readdir(busyDir)).toEqual(['keep.txt']);
  });

  it('a transaction that never committed: recovery ends before the target, naming the last segment, and leaves nothing', async () => {
    const dataDir = join(ctx.home, 'never-reached');
    const error = await recover(api, ctx.services, {
      repositoryDir,
      target: { kind: 'xid', xid: 4_000_000 },
      destination: { kind: 'new-directory', dataDir },
    }).then(
      () => null,
      (e: unknown) => e as TidemarkError,
    );
    expect(error?.code).toBe('recovery_failed');
    const problem = recoveryProblemFromError(error!.toPayload());
    expect(problem).toMatchObject({ kind: 'archive-ends-before-target' });
    if (problem?.kind === 'archive-ends-before-target') {
      expect(problem.lastSegment).toMatch(/^[0-9A-F]{24}$/);
      expect(problem.firstMissing! > problem.lastSegment!).toBe(true);
    }
    expect(await stat(dataDir).catch(() => null)).toBeNull();
    expect(ctx.services.clusters.list().filter((record) => record.dataDir === dataDir)).toEqual([]);
  });

  it('a timeline the archive does not have is refused', async () => {
    const plan = await call(api, 'pitr.plan', { repositoryDir, target: { kind: 'latest' }, timeline: 7, destination: { kind: 'new-directory' } });
    expect(plan).toMatchObject({ kind: 'refused', refusal: { state: { kind: 'timeline-lacks-target' } } });
  });

  it('a naive local time is refused by the contract', async () => {
    const outcome = await api.invoke('pitr.plan', {
      repositoryDir,
      target: { kind: 'time', at: '2026-11-21 14:31:00' },
      destination: { kind: 'new-directory' },
    });
    expect(outcome).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('cancelling a recovery stops its server and removes the new directory', async () => {
    const dataDir = join(ctx.home, 'cancelled', 'data');
    const { jobId } = await call(api, 'pitr.start', { repositoryDir, target: { kind: 'latest' }, destination: { kind: 'new-directory', dataDir } });
    const { whenJobLogs } = await import('../../test/support/job-test-support');
    await whenJobLogs(ctx.services, jobId, /Extracting|postgresql\.auto\.conf/);
    await call(api, 'jobs.cancel', { jobId });
    const final = await ctx.services.jobs.wait(jobId);
    expect(final.state.status).toBe('cancelled');
    expect(await stat(dataDir).catch(() => null)).toBeNull();
    expect(ctx.services.clusters.list().filter((record) => record.dataDir === dataDir)).toEqual([]);
  });

  it('a segment deleted from the archive: recovery beyond the gap is refused before anything starts, naming the segment', async () => {
    const size = 16 * 1024 * 1024;
    const lsnOf = (text: string) => ({ hi: parseInt(text.split('/')[0]!, 16), lo: parseInt(text.split('/')[1]!, 16) });
    // The restore point after batch 3 switched segments: batch 4 starts the next one.
    const gapSegNo = segmentNumber(segmentForLsn(lsnOf(batches[3]!.lsnAfter), 1, size), size);
    expect(gapSegNo).toBeGreaterThan(segmentNumber(segmentForLsn(lsnOf(batches[2]!.lsnAfter), 1, size), size));
    const gap = formatSegmentName(segmentFromNumber(1, gapSegNo, size));
    const aside = join(ctx.home, gap);
    await rename(join(walDir, gap), aside);
    try {
      const dataDir = join(ctx.home, 'beyond-gap');
      const plan = await call(api, 'pitr.plan', { repositoryDir, target: { kind: 'latest' }, destination: { kind: 'new-directory', dataDir } });
      expect(plan).toMatchObject({ kind: 'refused', refusal: { state: { kind: 'missing-segment', segment: gap } } });
      expect(plan.kind === 'refused' && plan.refusal.message).toContain(gap);
      const byTime = await call(api, 'pitr.plan', {
        repositoryDir,
        target: { kind: 'time', at: between(batches[3]!, batches[4]!) },
        destination: { kind: 'new-directory', dataDir },
      });
      expect(byTime).toMatchObject({ kind: 'refused', refusal: { state: { kind: 'missing-segment', segment: gap } } });
      const byLsn = await call(api, 'pitr.start', {
        repositoryDir,
        target: { kind: 'lsn', lsn: batches[4]!.lsnAfter },
        destination: { kind: 'new-directory', dataDir },
      }).then(
        () => null,
        (e: unknown) => e as TidemarkError,
      );
      expect(byLsn?.code).toBe('recovery_refused');
      expect(byLsn?.details).toMatchObject({ endState: 'missing-segment', segment: gap });
      expect(await stat(dataDir).catch(() => null)).toBeNull();
      // Before the gap still works.
      const before = await call(api, 'pitr.plan', {
        repositoryDir,
        target: { kind: 'lsn', lsn: batches[2]!.lsnAfter },
        destination: { kind: 'new-directory' },
      });
      expect(before.kind).toBe('ready');
    } finally {
      await rename(aside, join(walDir, gap));
    }
  });

  it.each([
    ['plain format', { format: 'plain' }],
    ['tar, client-side gzip', { format: 'tar', compression: 'client-gzip:1' }],
    ['tar, client-side lz4', { format: 'tar', compression: 'client-lz4' }],
  ])('recovers from a %s base backup', async (_name, options) => {
    const taken = (await physicalBackup(api, ctx.services, profileId, options)).backup;
    const result = remember(
      await recover(api, ctx.services, { repositoryDir, target: { kind: 'latest' }, backupId: taken.id, destination: { kind: 'new-directory' } }),
    );
    expect(result).toMatchObject({ end: { state: { kind: 'promoted' } }, backupId: taken.id, inRecovery: false });
    expect(result.tables).toContainEqual({ database: 'postgres', schema: 'public', table: 'after_drop', rows: 1 });
    await call(api, 'clusters.remove', { clusterId: result.clusterId, confirmName: result.clusterName });
    expect(await stat(result.dataDir).catch(() => null)).toBeNull();
  });

  it('a base backup whose files no longer match backup_manifest fails verification, and nothing is left', async () => {
    const damaged = (await physicalBackup(api, ctx.services, profileId)).backup;
    const tar = join(repositoryDir, 'backups', damaged.id, 'basebackup', 'base.tar');
    // One flipped byte in the middle of a data file: tar still extracts, the checksum catches it.
    await flipByteInTheMiddle(tar);
    const dataDir = join(ctx.home, 'from-damaged');
    const error = await recover(api, ctx.services, {
      repositoryDir,
      target: { kind: 'latest' },
      backupId: damaged.id,
      destination: { kind: 'new-directory', dataDir },
    }).then(
      () => null,
      (e: unknown) => e as TidemarkError,
    );
    expect(error?.code).toBe('backup_corrupt');
    expect(recoveryProblemFromError(error!.toPayload())).toMatchObject({ kind: 'backup-failed-verification', backupId: damaged.id });
    expect(error!.message).toMatch(/pg_verifybackup: .*checksum mismatch/);
    expect(await stat(dataDir).catch(() => null)).toBeNull();
  });

  it('with the source server gone, its profile still finds its backups and archive', async () => {
    await source.stop('immediate');
    const plan = await call(api, 'pitr.plan', {
      source: { kind: 'server', server: { profileId } },
      target: { kind: 'lsn', lsn: batches[2]!.lsnAfter },
      destination: { kind: 'new-directory' },
    });
    expect(plan).toMatchObject({ kind: 'ready', plan: { systemIdentifier: backup.backup.systemIdentifier, backup: { id: backup.backup.id } } });
  });
});
