import { appendFile, chmod, cp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TidemarkApi } from '../../shared/contract';
import type { ArchiveApplyResult } from '../../shared/domain/archiving';
import type { PhysicalBackupResult } from '../../shared/domain/physical';
import { compareLsn, formatSegmentName, segmentForLsn } from '../../shared/domain/wal';
import { call } from '../api/local-api';
import { jobResult } from '../../test/support/job-test-support';
import { apiForCluster } from '../../test/support/wal-test-support';
import { findFreePort } from '../clusters/free-port';
import { startCluster, stopCluster } from '../clusters/local-cluster';
import { createTestCluster, type TestCluster } from '../../test/harness/pg-cluster';
import type { TestServices } from '../../test/harness/test-services';

const mb16 = 16 * 1024 * 1024;

/**
 * One archive through its life: segments archived by Tidemark's setup, base backups, a segment
 * deleted (a gap that splits the window), a recovered copy promoted onto timeline 2 (a fork drawn
 * from its history file), and WAL cleanup keyed on the oldest kept backup.
 */
describe('the WAL archive of a real cluster', () => {
  let cluster: TestCluster;
  let ctx: TestServices;
  let api: TidemarkApi;
  let repositoryDir: string;
  let archiveDir: string;
  let profileId: string;
  let recoveredDataDir: string | null = null;
  const server = () => ({ profileId });

  beforeAll(async () => {
    cluster = await createTestCluster({ settings: { archive_mode: 'on' } });
    ({ ctx, api, profileId, repositoryDir } = await apiForCluster(cluster));
    const { jobId } = await call(api, 'archive.apply', { server: server() });
    const applied = await jobResult<ArchiveApplyResult>(ctx.services, jobId);
    expect(applied.verification).toMatchObject({ status: 'works' });
    archiveDir = applied.plan.archiveDir;
    await cluster.query('create table events (id serial primary key, at timestamptz default now())');
  });
  afterAll(async () => {
    if (recoveredDataDir) await stopCluster(cluster.binaries, recoveredDataDir, 'immediate').catch(() => undefined);
    await cluster?.destroy();
    await ctx?.cleanup();
  });

  /** Commits a row, switches segment, waits until the switched segment is archived; returns the commit's now(). */
  type Query = (sql: string) => Promise<pg.QueryResultRow[]>;
  async function commitAndSwitch(query: Query = (sql) => cluster.query(sql)): Promise<string> {
    const [inserted] = (await query('insert into events default values returning at')) as { at: Date }[];
    const [switched] = (await query('select pg_walfile_name(pg_switch_wal()) as walfile')) as { walfile: string }[];
    const file = join(archiveDir, switched!.walfile);
    for (let i = 0; i < 150 && !(await stat(file).catch(() => null)); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await stat(file).catch(() => null)).not.toBeNull();
    return inserted!.at.toISOString();
  }

  async function backUp(format: 'tar' | 'plain'): Promise<PhysicalBackupResult['backup']> {
    const { jobId } = await call(api, 'physical.backup', { server: server(), format });
    return (await jobResult<PhysicalBackupResult>(ctx.services, jobId)).backup;
  }

  let b1: PhysicalBackupResult['backup'];
  let b2: PhysicalBackupResult['backup'];
  let deleted: string;

  it('lists the archived segments in WAL order, with LSN ranges, and the base backup linked to its history file', async () => {
    await commitAndSwitch();
    b1 = await backUp('tar');
    await commitAndSwitch();
    await commitAndSwitch();
    const lastCommit = await commitAndSwitch();

    const summary = await call(api, 'wal.summary', { server: server() });
    expect(summary.gaps).toEqual([]);
    expect(summary.timelines.map((t) => t.timeline)).toEqual([1]);
    expect(summary.backupFiles.find((f) => f.backupId === b1.id)).toMatchObject({ timeline: 1 });
    const page = await call(api, 'wal.segments', { server: server(), offset: 0, limit: 1000 });
    expect(page.total).toBe(summary.segmentCount);
    const names = page.segments.map((s) => s.name);
    expect([...names].sort()).toEqual(names);
    const first = page.segments[0]!;
    expect(first.sizeBytes).toBe(mb16);
    expect(compareLsn(first.startLsn, first.endLsn)).toBeLessThan(0);

    const window = await call(api, 'wal.window', { server: server() });
    expect(window.intervals).toHaveLength(1);
    const [interval] = window.intervals;
    expect(interval).toMatchObject({ timeline: 1, baseBackupIds: [b1.id], endsAt: 'archive-end' });
    expect(compareLsn(interval!.from.lsn, b1.points!.stopLsn)).toBe(0);
    // The latest recoverable time is the last commit in the archive, read with pg_waldump.
    expect(Date.parse(interval!.to.time!)).toBeGreaterThanOrEqual(Date.parse(lastCommit));
    expect(Date.parse(interval!.to.time!) - Date.parse(lastCommit)).toBeLessThan(5_000);
    expect(window.latest).toEqual(interval!.to);

    const details = await call(api, 'wal.segment', { server: server(), name: names.at(-1)! });
    expect(details.stats.map((s) => s.resourceManager)).toEqual(expect.arrayContaining(['Transaction', 'Heap']));
    expect(details.commitCount).toBeGreaterThan(0);
    expect(details.lastCommit?.time).toBe(interval!.to.time);
  });

  it('finds a deleted segment as a gap, with what it cuts off, and the window ends at it', async () => {
    const stopSegment = formatSegmentName(segmentForLsn(b1.points!.stopLsn, 1, mb16));
    const names = (await readdir(archiveDir)).filter((n) => /^[0-9A-F]{24}$/.test(n)).sort();
    deleted = names[names.indexOf(stopSegment) + 2]!;
    await rm(join(archiveDir, deleted));

    const summary = await call(api, 'wal.summary', { server: server() });
    expect(summary.gaps).toHaveLength(1);
    expect(summary.gaps[0]).toMatchObject({ timeline: 1, firstMissing: deleted, lastMissing: deleted, missingCount: 1, backupsCutOff: [b1.id] });
    expect(summary.gaps[0]!.segmentsCutOff).toBeGreaterThanOrEqual(1);

    const window = await call(api, 'wal.window', { server: server() });
    expect(window.intervals).toHaveLength(1);
    expect(window.intervals[0]).toMatchObject({ endsAt: 'gap', nextMissing: deleted });
  });

  it('splits the window at the gap once a later backup starts after it', async () => {
    b2 = await backUp('plain');
    await commitAndSwitch();
    const window = await call(api, 'wal.window', { server: server() });
    expect(window.intervals.map((i) => [i.timeline, i.baseBackupIds, i.endsAt])).toEqual([
      [1, [b1.id], 'gap'],
      [1, [b2.id], 'archive-end'],
    ]);
    expect(compareLsn(window.intervals[0]!.to.lsn, window.intervals[1]!.from.lsn)).toBeLessThan(0);
  });

  it("shows a recovered, promoted copy's new timeline as a fork from its history file", async () => {
    // Recover b2 (plain) to its end and promote: timeline 2 forks from 1, and the copy archives
    // into the same folder, as a promoted standby of this cluster would.
    recoveredDataDir = join(ctx.home, 'recovered');
    await cp(join(repositoryDir, 'backups', b2.id, 'basebackup'), recoveredDataDir, { recursive: true });
    await chmod(recoveredDataDir, 0o700);
    await appendFile(
      join(recoveredDataDir, 'postgresql.auto.conf'),
      `restore_command = 'cp "${archiveDir}/%f" "%p"'\nrecovery_target = 'immediate'\nrecovery_target_action = 'promote'\n`,
    );
    await writeFile(join(recoveredDataDir, 'recovery.signal'), '');
    const port = await findFreePort();
    await startCluster({ binaries: cluster.binaries, dataDir: recoveredDataDir, port, logFile: join(ctx.home, 'recovered.log') });
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: cluster.password, database: 'postgres' });
    await client.connect();
    try {
      for (let i = 0; i < 300; i++) {
        const { rows } = await client.query<{ r: boolean }>('select pg_is_in_recovery() as r');
        if (!rows[0]!.r) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await commitAndSwitch((sql) => client.query(sql).then((result) => result.rows));
    } finally {
      await client.end();
    }
    for (let i = 0; i < 100 && !(await stat(join(archiveDir, '00000002.history')).catch(() => null)); i++)
      await new Promise((resolve) => setTimeout(resolve, 100));

    const summary = await call(api, 'wal.summary', { server: server() });
    const timeline2 = summary.timelines.find((t) => t.timeline === 2)!;
    expect(timeline2).toMatchObject({ parentTimeline: 1, historyFile: '00000002.history', historyMissing: false });
    expect(compareLsn(timeline2.forkLsn!, b2.points!.stopLsn)).toBeGreaterThanOrEqual(0);
    expect(timeline2.reason).toBe('reached consistency');
    expect(summary.timelines.find((t) => t.timeline === 1)!.children).toEqual([2]);
    expect(timeline2.segmentCount).toBeGreaterThan(0);

    const window = await call(api, 'wal.window', { systemIdentifier: summary.systemIdentifier, repositoryDir });
    expect(window.intervals.find((i) => i.timeline === 2)).toMatchObject({ baseBackupIds: [b2.id] });
    expect(window.latest?.lsn && compareLsn(window.latest.lsn, timeline2.forkLsn!)).toBeGreaterThan(0);
  });

  it("cleans up only WAL that no kept backup needs, keyed on the oldest kept backup's start", async () => {
    const b1Start = formatSegmentName(segmentForLsn(b1.points!.startLsn, 1, mb16));
    const preview = await call(api, 'wal.cleanupPreview', { server: server() });
    expect(preview.oldestNeededSegment).toBe(b1Start);
    expect(preview.keptBackups.map((k) => k.backupId)).toEqual([b1.id, b2.id]);
    expect(preview.cutoffBackupId).toBe(b1.id);
    expect(preview.deleteCount).toBeGreaterThan(0);
    expect(preview.firstDeleted! < b1Start && preview.lastDeleted! < b1Start).toBe(true);

    await expect(call(api, 'wal.cleanup', { server: server(), confirmCount: preview.deleteCount + 1 })).rejects.toMatchObject({ code: 'conflict' });
    const result = await call(api, 'wal.cleanup', { server: server(), confirmCount: preview.deleteCount });
    expect(result.deleted).toBe(preview.deleteCount);
    const left = await readdir(archiveDir);
    expect(left).toContain(b1Start);
    expect(left).toContain('00000002.history');
    expect(left.filter((n) => /^[0-9A-F]{24}$/.test(n) && n.slice(8) < b1Start.slice(8))).toEqual([]);

    // With b1 gone (retention), everything before b2's start goes, the gap's leftovers too.
    await rm(join(repositoryDir, 'backups', b1.id), { recursive: true });
    const b2Start = formatSegmentName(segmentForLsn(b2.points!.startLsn, 1, mb16));
    const next = await call(api, 'wal.cleanupPreview', { server: server() });
    expect(next.oldestNeededSegment).toBe(b2Start);
    expect(next.cutoffBackupId).toBe(b2.id);
    await call(api, 'wal.cleanup', { server: server(), confirmCount: next.deleteCount });
    const after = await readdir(archiveDir);
    expect(after).toContain(b2Start);
    expect(after.filter((n) => /^[0-9A-F]{24}$/.test(n) && n.slice(8) < b2Start.slice(8))).toEqual([]);
    const window = await call(api, 'wal.window', { server: server() });
    expect(window.gaps).toEqual([]);
    expect(window.intervals.every((i) => i.baseBackupIds.includes(b2.id))).toBe(true);
  });

  it("says when a timeline's history file is missing", async () => {
    await rm(join(archiveDir, '00000002.history'));
    const summary = await call(api, 'wal.summary', { server: server() });
    expect(summary.timelines.find((t) => t.timeline === 2)).toMatchObject({ historyMissing: true, parentTimeline: null });
    const window = await call(api, 'wal.window', { server: server() });
    expect(window.notes.join(' ')).toMatch(/Timeline 2 has no history file/);
  });
});
