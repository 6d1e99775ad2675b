import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TidemarkApi } from '../../shared/contract';
import type { LogicalBackupResult } from '../../shared/domain/backup';
import type { RetentionPlan } from '../../shared/domain/retention';
import type { RecoverableWindow } from '../../shared/domain/wal-archive';
import { call } from '../api/local-api';
import { holdBackup } from '../repository/backup-holds';
import { repositoryLayout } from '../repository/layout';
import { createTestCluster, type TestCluster } from '../../test/harness/pg-cluster';
import type { TestServices } from '../../test/harness/test-services';
import { jobResult } from '../../test/support/job-test-support';
import { archiveCurrentSegment, physicalBackup, setUpArchiving } from '../../test/support/pitr-test-fixture';
import { apiForCluster } from '../../test/support/wal-test-support';

/**
 * Retention against a real cluster: base backups with archived WAL before, between and after
 * them, and dumps. Applying a plan deletes exactly the backups and segments it lists, and the
 * recoverable window (read by wal.window with pg_waldump, independently of retention's own
 * reasoning) keeps its end and has no hole.
 */
describe('retention of a real cluster', () => {
  let cluster: TestCluster;
  let ctx: TestServices;
  let api: TidemarkApi;
  let profileId: string;
  let repositoryDir: string;
  let archiveDir: string;
  const bases: string[] = [];
  const dumps: string[] = [];

  async function dump(): Promise<string> {
    const { jobId } = await call(api, 'backups.startLogical', { connection: { profileId }, databases: ['postgres'] });
    return (await jobResult<LogicalBackupResult>(ctx.services, jobId)).backups[0]!.id;
  }
  async function commitAndArchive(): Promise<void> {
    await cluster.query('insert into events default values');
    await archiveCurrentSegment(cluster);
  }
  async function window(): Promise<Pick<RecoverableWindow, 'intervals' | 'gaps' | 'latest'>> {
    const { intervals, gaps, latest } = await call(api, 'wal.window', { server: { profileId } });
    return { intervals, gaps, latest };
  }
  async function walFiles(): Promise<string[]> {
    return (await readdir(archiveDir)).filter((name) => !name.startsWith('.')).sort();
  }
  async function backupIds(): Promise<string[]> {
    return (await call(api, 'backups.list', { repositoryDir })).backups.map((b) => b.id).sort();
  }
  const idsWith = (plan: RetentionPlan, action: 'keep' | 'delete') =>
    plan.backups
      .filter((b) => b.action === action)
      .map((b) => b.id)
      .sort();

  beforeAll(async () => {
    cluster = await createTestCluster({ settings: { archive_mode: 'on' } });
    ({ ctx, api, profileId, repositoryDir } = await apiForCluster(cluster));
    await setUpArchiving(api, ctx.services, profileId);
    await cluster.query('create table events (id serial primary key, at timestamptz default now())');
    // WAL before the first base backup, between each, and after the last.
    for (let i = 0; i < 3; i++) await commitAndArchive();
    for (let i = 0; i < 3; i++) {
      bases.push((await physicalBackup(api, ctx.services, profileId)).backup.id);
      dumps.push(await dump());
      await commitAndArchive();
      await commitAndArchive();
    }
    const [systemIdentifier] = (await call(api, 'wal.clusters', { server: { profileId } })).systemIdentifiers;
    archiveDir = repositoryLayout(repositoryDir).walDir(systemIdentifier!);
  });
  afterAll(async () => {
    await cluster?.destroy();
    await ctx?.cleanup();
  });

  it('prunes only the WAL before the oldest base backup when every backup is kept, leaving the window exactly as it was', async () => {
    const before = await window();
    expect(before.intervals).toHaveLength(1);
    const filesBefore = await walFiles();
    const plan = await call(api, 'retention.plan', { profileId, policy: { keepLast: 3 }, timeZone: 'Europe/Berlin' });
    expect(plan.deleted).toBe(0);
    expect(plan.walSegmentsPruned).toBeGreaterThanOrEqual(3);
    expect(plan.wal[0]!.timelines[0]!.why).toContain(`kept from the start of ${bases[0]}`);

    const result = await call(api, 'retention.apply', { profileId, policy: { keepLast: 3 }, timeZone: 'Europe/Berlin', trigger: 'cli' });
    expect(result).toMatchObject({ deleted: 0, kept: 6, walSegmentsPruned: plan.walSegmentsPruned, skipped: [], failures: [] });
    const filesAfter = await walFiles();
    const pruned = filesBefore.filter((name) => !filesAfter.includes(name));
    expect(pruned).toHaveLength(plan.walSegmentsPruned);
    expect(pruned[0]).toBe(plan.wal[0]!.firstPruned);
    expect(pruned.at(-1)).toBe(plan.wal[0]!.lastPruned);
    // The .backup files (one per base backup) are all still there.
    expect(filesAfter.filter((name) => name.endsWith('.backup'))).toHaveLength(3);
    expect(await window()).toEqual(before);
  });

  it('applies keep-last 2: deletes exactly the backups and WAL the plan lists, and the window loses only its oldest stretch', async () => {
    const before = await window();
    const filesBefore = await walFiles();
    const idsBefore = await backupIds();
    const plan = await call(api, 'retention.plan', { profileId, policy: { keepLast: 2 } });
    expect(idsWith(plan, 'delete')).toEqual([bases[0], dumps[0]].sort());
    expect(plan.backups.find((b) => b.id === bases[2])?.reasons).toEqual(expect.arrayContaining(['kept: last (1 of 2)', 'kept: newest verified']));
    expect(plan.needsConfirmation).toBe(false);

    const result = await call(api, 'retention.apply', { profileId, policy: { keepLast: 2 }, expectedFingerprint: plan.fingerprint });
    expect(result).toMatchObject({ kept: 4, deleted: 2, walSegmentsPruned: plan.walSegmentsPruned, failures: [] });
    expect(await backupIds()).toEqual(idsBefore.filter((id) => id !== bases[0] && id !== dumps[0]));
    const filesAfter = await walFiles();
    expect(filesBefore.filter((name) => !filesAfter.includes(name))).toEqual([...(await plannedWal(plan))]);
    expect(result.bytesFreed).toBe(plan.bytesFreed);

    const after = await window();
    expect(after.gaps).toEqual([]);
    expect(after.intervals).toHaveLength(1);
    expect(after.latest).toEqual(before.latest);
    expect(after.intervals[0]!.to).toEqual(before.intervals[0]!.to);
    expect(after.intervals[0]!.baseBackupIds).toEqual([bases[1], bases[2]]);
    const second = (await call(api, 'physical.list', { repositoryDir })).find((b) => b.id === bases[1]);
    expect(after.intervals[0]!.from.lsn).toEqual(second!.points!.stopLsn);

    const history = (await readFile(repositoryLayout(repositoryDir).retentionHistoryFile, 'utf8')).trim().split('\n');
    expect(history).toHaveLength(2);
    expect(JSON.parse(history[1]!)).toMatchObject({
      profile: { id: profileId },
      policy: { keepLast: 2 },
      trigger: 'app',
      deleted: expect.arrayContaining([expect.objectContaining({ id: bases[0], reason: 'delete: no rule keeps it' })]),
    });
    expect(await call(api, 'retention.history', { profileId })).toHaveLength(2);
  });

  /** The WAL file names a plan deletes, as the engine listed them (from the sample for a short list). */
  async function plannedWal(plan: RetentionPlan): Promise<string[]> {
    expect(plan.wal[0]!.segmentsPruned).toBeLessThanOrEqual(plan.wal[0]!.sample.length);
    return plan.wal[0]!.sample;
  }

  it('refuses a stale plan, asks for confirmation past half, and keeps pinned and held backups', async () => {
    const stale = await call(api, 'retention.plan', { profileId, policy: { keepLast: 1 } });
    dumps.push(await dump());
    const refused = await api.invoke('retention.apply', { profileId, policy: { keepLast: 1 }, expectedFingerprint: stale.fingerprint });
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await backupIds()).toHaveLength(5);

    // keep-last 1 now deletes 3 of 5: more than half.
    const plan = await call(api, 'retention.plan', { profileId, policy: { keepLast: 1 } });
    expect(plan).toMatchObject({ completeDeleted: 3, needsConfirmation: true });
    const unconfirmed = await api.invoke('retention.apply', { profileId, policy: { keepLast: 1 } });
    expect(unconfirmed).toMatchObject({ ok: false, error: { code: 'confirmation_required', message: expect.stringContaining('deletes 3 of the 5 backups') } });
    expect(await backupIds()).toHaveLength(5);

    await call(api, 'retention.pin', { backupId: dumps[1]!, until: '2099-12-31' });
    const hold = await holdBackup(repositoryLayout(repositoryDir), bases[1]!, 'a test restore');
    try {
      const guarded = await call(api, 'retention.plan', { profileId, policy: { keepLast: 1 } });
      expect(guarded.backups.find((b) => b.id === dumps[1])?.reason).toBe('kept: pinned until 2099-12-31');
      expect(guarded.backups.find((b) => b.id === bases[1])?.reason).toBe('kept: being restored');
      const applied = await call(api, 'retention.apply', { profileId, policy: { keepLast: 1 }, confirm: true });
      expect(applied.deleted).toBe(1);
      expect(await backupIds()).toEqual([bases[1], bases[2], dumps[1], dumps[3]].sort());
    } finally {
      await hold.release();
    }
    expect(await call(api, 'retention.pins', { profileId })).toEqual([expect.objectContaining({ backupId: dumps[1], until: '2099-12-31' })]);
    expect(await call(api, 'retention.unpin', { backupId: dumps[1]! })).toEqual({ backupId: dumps[1], wasPinned: true });
    const window2 = await window();
    expect(window2.gaps).toEqual([]);
    expect(window2.intervals[0]!.baseBackupIds).toEqual([bases[1], bases[2]]);
  });
});
