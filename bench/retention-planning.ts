// Retention planning at scale: a repository of 10,000 backups (generated manifests: dumps of three
// databases and base backups of one cluster, two years of them, a few failed) and a WAL archive of
// 200,000 segments (empty files), planned with a GFS policy. Goal: the plan in under 1 s.
import { closeSync, futimesSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { execa } from 'execa';
import { join } from 'node:path';
import type { RetentionPlan } from '../shared/domain/retention';
import { formatSegmentName, lsnFromBigInt } from '../shared/domain/wal';
import type { ConnectionProfile } from '../shared/domain/profile';
import { Repositories } from '../electron/repository/repositories';
import { repositoryLayout } from '../electron/repository/layout';
import { readRepositoryBackups } from '../electron/retention/backup-catalog';
import { planRetention } from '../electron/retention/retention-engine';
import { RetentionService } from '../electron/retention/retention-service';
import { openRetentionArchive } from '../electron/retention/archive-names';
import { clusterMarkerName } from '../electron/wal/archive-folder';

const segmentSize = 16 * 1024 * 1024;
const perLogId = 0x1_0000_0000 / segmentSize;
const systemIdentifier = '7300000000000000042';
const profile: ConnectionProfile = {
  id: 'bench-profile',
  name: 'bench',
  target: { kind: 'params', host: '127.0.0.1', port: 5432, database: 'postgres', user: 'postgres', sslmode: 'disable' },
  createdAt: '2025-01-01T00:00:00.000Z',
  updatedAt: '2025-01-01T00:00:00.000Z',
};
const policy = { keepLast: 10, keepDaily: 7, keepWeekly: 4, keepMonthly: 12, keepYearly: 3 };

function segmentName(n: number): string {
  return formatSegmentName({ timeline: 1, logId: Math.floor(n / perLogId), segId: n % perLogId });
}

/** A manifest shaped like the ones backups write: common fields, a short log, a few files. */
function manifest(index: number, startedMs: number, backupCount: number, segments: number): object {
  const id = `${new Date(startedMs).toISOString().replace(/[-:.]/g, '')}-${index.toString(16).padStart(6, '0')}`;
  const physical = index % 10 === 3;
  const status = index % 50 === 7 ? 'failed' : 'complete';
  const common = {
    manifestVersion: 1,
    id,
    kind: physical ? 'physical' : 'logical',
    status,
    failure: status === 'failed' ? { code: 'tool_failed', message: 'pg_dump: error: connection lost' } : null,
    origin: 'tidemark',
    profile: { id: profile.id, name: profile.name },
    server: { label: 'postgres@127.0.0.1:5432/postgres', version: '15.8', versionNum: 150008, systemIdentifier },
    tool: { name: physical ? 'pg_basebackup' : 'pg_dump', path: '/usr/lib/postgresql/15/bin/pg_dump', version: '15.8' },
    startedAt: new Date(startedMs).toISOString(),
    endedAt: new Date(startedMs + 60_000).toISOString(),
    durationMs: 60_000,
    totalBytes: status === 'complete' ? (physical ? 500_000_000 : 40_000_000) : 0,
    files:
      status === 'complete'
        ? [
            { path: 'database.dump', sizeBytes: 40_000_000, sha256: 'a'.repeat(64) },
            { path: 'globals.sql', sizeBytes: 2_000, sha256: 'b'.repeat(64) },
          ]
        : [],
    verifications:
      status === 'complete' && index % 7 === 0
        ? [{ at: new Date(startedMs + 120_000).toISOString(), durationMs: 900, ok: true, checks: [], firstBrokenFile: null, testRestore: null }]
        : [],
    log: Array.from({ length: 12 }, (_, line) => ({ at: new Date(startedMs + line * 1000).toISOString(), level: 'info', text: `step ${line} of the backup` })),
  };
  if (!physical) {
    const database = ['shop', 'crm', 'billing'][index % 3]!;
    return { ...common, logical: { database, format: 'custom', dumpPath: 'database.dump', globalsPath: 'globals.sql', tables: [], rowCounts: 'snapshot' } };
  }
  // Base backups spread over the archive's segments in the order they were taken.
  const start = Math.max(1, Math.floor((index / backupCount) * segments));
  const points = {
    startLsn: lsnFromBigInt(BigInt(start) * BigInt(segmentSize) + 0x28n),
    stopLsn: lsnFromBigInt(BigInt(start + 1) * BigInt(segmentSize) + 0x100n),
    checkpointLsn: null,
    timeline: 1,
    startTime: new Date(startedMs).toISOString(),
    stopTime: new Date(startedMs + 60_000).toISOString(),
    timeSource: 'backup-label',
  };
  return {
    ...common,
    physical: {
      systemIdentifier,
      serverVersionNum: 150008,
      walSegmentSizeBytes: segmentSize,
      format: 'tar',
      compression: null,
      checkpoint: 'fast',
      label: 'bench',
      command: [],
      dataPath: 'data',
      walIncluded: true,
      points: status === 'complete' ? points : null,
      hasBackupManifest: true,
      verification: status === 'complete' ? { status: 'passed', method: 'direct', toolVersion: '15.8', elapsedMs: 900, checkedAt: points.stopTime } : null,
      pitr: status === 'complete' ? { usable: true, walSource: 'both', checkedAt: points.stopTime } : null,
    },
  };
}

/** Writes the repository: `backups` manifests over two years up to `now`, and `segments` empty WAL files. */
export function generateRetentionRepository(root: string, options: { backups: number; segments: number; now: Date }): void {
  const layout = repositoryLayout(root);
  const spanMs = 2 * 365 * 86_400_000;
  for (let i = 0; i < options.backups; i++) {
    const startedMs = options.now.getTime() - spanMs + Math.floor((i / options.backups) * spanMs);
    const value = manifest(i, startedMs, options.backups, options.segments) as { id: string };
    mkdirSync(layout.backupDir(value.id), { recursive: true });
    writeFileSync(layout.manifestFile(value.id), JSON.stringify(value, null, 2));
  }
  const walDir = layout.walDir(systemIdentifier);
  mkdirSync(walDir, { recursive: true });
  writeFileSync(join(walDir, clusterMarkerName), JSON.stringify({ systemIdentifier, walSegmentSizeBytes: segmentSize, createdAt: options.now.toISOString() }));
  // Compressed names: an empty uncompressed segment would read as cut short, and replay stops at one.
  // Each archived when its place in the two years says (a scan restats files younger than ten minutes).
  for (let n = 1; n <= options.segments; n++) {
    const fd = openSync(join(walDir, `${segmentName(n)}.zst`), 'w');
    const archivedAt = new Date(options.now.getTime() - spanMs + Math.floor((n / options.segments) * spanMs) - 3_600_000);
    futimesSync(fd, archivedAt, archivedAt);
    closeSync(fd);
  }
}

export interface RetentionPlanningTimes {
  backups: number;
  segments: number;
  /** The WAL folder scanned for the first time ever (no saved index): once per archive. */
  firstScanMs: number;
  /** Every manifest read for the first time ever (no saved retention catalog): once per repository. */
  firstCatalogMs: number;
  /**
   * The plan in a fresh process (`tidemark retention plan`): the saved catalog and archive index
   * loaded and checked against the folders (every manifest statted, the WAL folder listed), the
   * manifest that changed since the catalog was saved read again.
   */
  freshProcessMs: number;
  /** The plan again in a process that planned before (the app, browser mode, the daemon after each scheduled backup). */
  runningProcessMs: number;
  /** The engine alone, on inputs already read. */
  engineMs: number;
  plan: Pick<RetentionPlan, 'kept' | 'deleted' | 'walSegmentsPruned'>;
}

const childFlag = '--retention-plan-once';
const request = { profileId: profile.id, policy, timeZone: 'Europe/Berlin' };

function serviceFor(root: string, now: Date): RetentionService {
  return new RetentionService({
    repositories: new Repositories({ defaultRoot: () => root, profileRoots: () => [] }),
    profiles: { get: () => profile },
    backups: {
      delete: () => {
        throw new Error('the bench only plans');
      },
    },
    clock: { now: () => now },
  });
}

async function timed<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/**
 * When this process is the bench's fresh planner (started by benchRetentionPlanning with the
 * flag): plans once, prints the time as JSON, and returns true.
 */
export async function runRetentionPlanningChild(argv: readonly string[]): Promise<boolean> {
  const at = argv.indexOf(childFlag);
  if (at < 0) return false;
  const plan = await timed(() => serviceFor(argv[at + 1]!, new Date(argv[at + 2]!)).plan(request));
  process.stdout.write(JSON.stringify({ ms: plan.ms, backups: plan.value.backups.length }) + '\n');
  return true;
}

/** Rewrites a manifest the way a verification does (a new file renamed over the old one). */
function recordVerification(root: string, id: string, now: Date): void {
  const file = repositoryLayout(root).manifestFile(id);
  const value = JSON.parse(readFileSync(file, 'utf8')) as { verifications: object[] };
  value.verifications.push({ at: now.toISOString(), durationMs: 900, ok: true, checks: [], firstBrokenFile: null, testRestore: null });
  writeFileSync(`${file}.tmp`, JSON.stringify(value, null, 2));
  renameSync(`${file}.tmp`, file);
}

export async function benchRetentionPlanning(home: string, options: { backups: number; segments: number }): Promise<RetentionPlanningTimes> {
  const root = join(home, 'retention-repository');
  const now = new Date();
  generateRetentionRepository(root, { ...options, now });
  // An earlier session scanned the archive and saved its index, as the app and the CLI do.
  const firstScan = await timed(async () => {
    const archive = (await openRetentionArchive(root, systemIdentifier))!;
    await archive.index.save();
    return archive;
  });
  // An earlier plan saved the retention catalog; since then a verification rewrote one manifest.
  const firstCatalog = await timed(() => readRepositoryBackups(repositoryLayout(root)));
  recordVerification(root, firstCatalog.value.candidates[0]!.id, now);

  const child = await execa(process.execPath, [process.argv[1]!, childFlag, root, now.toISOString()], { reject: false });
  if (child.exitCode !== 0) throw new Error(`the fresh planner failed: ${child.stderr}`);
  const fresh = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { ms: number; backups: number };
  if (fresh.backups !== options.backups) throw new Error(`the plan lists ${fresh.backups} backups, not ${options.backups}`);

  const service = serviceFor(root, now);
  const first = await service.plan(request);
  const running = await timed(() => service.plan(request));

  const { candidates, unreadable } = await readRepositoryBackups(repositoryLayout(root));
  const engine = await timed(() =>
    planRetention({
      profile: { id: profile.id, name: profile.name },
      repositoryDir: root,
      policy,
      timeZone: 'Europe/Berlin',
      now,
      backups: candidates,
      otherBaseBackups: [],
      pins: [],
      beingRestored: new Set(),
      archives: [firstScan.value],
      unreadable,
    }),
  );
  return {
    ...options,
    firstScanMs: firstScan.ms,
    firstCatalogMs: firstCatalog.ms,
    freshProcessMs: fresh.ms,
    runningProcessMs: running.ms,
    engineMs: engine.ms,
    plan: { kept: first.kept, deleted: first.deleted, walSegmentsPruned: first.walSegmentsPruned },
  };
}
