import { createHash } from 'node:crypto';
import { TidemarkError } from '../../shared/domain/errors';
import { compareLsn } from '../../shared/domain/wal';
import {
  retentionPolicyProblem,
  type BackupPin,
  type PlannedBackup,
  type RetentionPlan,
  type RetentionSeries,
  type WalPrunePlan,
} from '../../shared/domain/retention';
import type { RetentionPolicy } from '../../shared/domain/retention-policy';
import { isTimeZone, localDate } from './calendar-periods';
import type { RetentionCandidate } from './retention-candidate';
import { applyRules } from './retention-rules';
import { walCutoffs, walPrunePlan, windowGap, type ArchiveFacts } from './wal-prune';
import { coverageOf, WalReachIndex, type BaseBackupWal } from './wal-reach';

/** Everything a plan is made from; the engine reads nothing else (no disk, no clock). */
export interface RetentionInput {
  profile: { id: string; name: string };
  repositoryDir: string;
  policy: RetentionPolicy;
  /** IANA zone of the calendar rules and pin dates. */
  timeZone: string;
  now: Date;
  /** The profile's backups: what the plan decides about. */
  backups: readonly RetentionCandidate[];
  /**
   * Base backups in the repository of the same clusters that are not this profile's (another
   * profile for the same server, an ad-hoc --conn): the plan never deletes them, and the WAL they
   * need is kept.
   */
  otherBaseBackups: readonly RetentionCandidate[];
  pins: readonly BackupPin[];
  /** Backups a restore or a recovery is reading now. */
  beingRestored: ReadonlySet<string>;
  archives: readonly ArchiveFacts[];
  unreadable: readonly { id: string; problem: string }[];
}

export interface PlannedRetention {
  /** Where the policy came from is the service's to say: the engine is handed rules. */
  plan: Omit<RetentionPlan, 'policySource'>;
  /** Per cluster, the archived WAL files the plan deletes, oldest first on each timeline. */
  walFiles: Map<string, { archiveDir: string; files: string[] }>;
}

interface Series {
  key: string;
  kind: RetentionCandidate['kind'];
  label: string;
  /** Newest first. */
  members: RetentionCandidate[];
}

const newestFirst = (a: RetentionCandidate, b: RetentionCandidate) => b.startedMs - a.startedMs || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/**
 * How backups are grouped before the rules rank them: a DBA counts "the last 10 dumps of shop",
 * not ten dumps of whatever databases, and a cluster's base backups apart from its dumps (they
 * restore differently and only they need WAL).
 */
function seriesOf(backups: readonly RetentionCandidate[]): Series[] {
  const byKey = new Map<string, Series>();
  for (const backup of backups) {
    const key = backup.kind === 'logical' ? `logical:${backup.database ?? '?'}` : `physical:${backup.systemIdentifier ?? '?'}`;
    let series = byKey.get(key);
    if (!series) {
      const label =
        backup.kind === 'logical'
          ? `logical backups of ${backup.database ?? 'an unknown database'}`
          : `base backups of cluster ${backup.systemIdentifier ?? '?'}`;
      series = { key, kind: backup.kind, label, members: [] };
      byKey.set(key, series);
    }
    series.members.push(backup);
  }
  for (const series of byKey.values()) series.members.sort(newestFirst);
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * Makes the plan. Rules keep (retention-rules.ts); floors keep whatever the rules say: an active
 * pin, a backup being restored, the newest verified backup of each series, the newest backup of
 * each series (a series is never emptied), and every base backup whose deletion would open a hole
 * in the recoverable window while its WAL stays. WAL before the oldest kept base backup's start on
 * each timeline goes with the plan. Failed and cancelled backups are records without data: they
 * never count for a rule, and go once they are older than every backup kept in their series.
 */
export function planRetention(input: RetentionInput): PlannedRetention {
  const problem = retentionPolicyProblem(input.policy);
  if (problem) throw new TidemarkError('invalid_input', problem, { hint: 'For example --keep-last 10 --keep-daily 7, or keep-last=10,keep-daily=7.' });
  if (!isTimeZone(input.timeZone))
    throw new TidemarkError('invalid_input', `"${input.timeZone}" is not a time zone name (Europe/Berlin, America/New_York, UTC).`);

  const reasons = new Map<string, string[]>();
  const keep = (id: string, reason: string) => {
    const list = reasons.get(id);
    if (!list) reasons.set(id, [reason]);
    else if (!list.includes(reason)) list.push(reason);
  };
  const isKept = (id: string) => reasons.has(id);
  const today = localDate(input.timeZone, input.now.getTime());
  const pins = new Map(input.pins.map((pin) => [pin.backupId, { until: pin.until, active: pin.until === null || pin.until >= today }]));
  const notes: string[] = [];

  const allSeries = seriesOf(input.backups);
  for (const series of allSeries) {
    for (const backup of series.members) {
      const pin = pins.get(backup.id);
      if (pin?.active) keep(backup.id, pin.until ? `kept: pinned until ${pin.until}` : 'kept: pinned');
      if (input.beingRestored.has(backup.id)) keep(backup.id, 'kept: being restored');
    }
    const complete = series.members.filter((backup) => backup.status === 'complete');
    const newestVerified = complete.find((backup) => backup.verified);
    if (newestVerified) keep(newestVerified.id, 'kept: newest verified');
    applyRules(complete, input.policy, input.now, input.timeZone, keep);
    if (complete[0] && !isKept(complete[0].id)) keep(complete[0].id, 'kept: newest of its series (a series is never emptied)');
  }

  const { wal, walFiles } = planWal(input, isKept, keep, notes);

  const planned: PlannedBackup[] = [];
  const seriesSummaries: RetentionSeries[] = [];
  for (const series of allSeries) {
    const keptComplete = series.members.filter((backup) => backup.status === 'complete' && isKept(backup.id));
    const oldestKeptMs = keptComplete.length ? Math.min(...keptComplete.map((backup) => backup.startedMs)) : null;
    let kept = 0;
    for (const backup of series.members) {
      if (backup.status !== 'complete') {
        if (series.members.every((other) => other.status !== 'complete')) keep(backup.id, 'kept: failure record (no complete backup in this series yet)');
        else if (oldestKeptMs !== null && backup.startedMs > oldestKeptMs) keep(backup.id, 'kept: failure record newer than the oldest kept backup');
      }
      const why = reasons.get(backup.id);
      const action = why ? 'keep' : 'delete';
      if (why) kept += 1;
      const list = why ?? [
        backup.status === 'complete' ? 'delete: no rule keeps it' : `delete: ${backup.status} record (no data), older than every kept backup`,
      ];
      const pin = pins.get(backup.id);
      planned.push({
        id: backup.id,
        kind: backup.kind,
        status: backup.status,
        seriesKey: series.key,
        startedAt: backup.startedAt,
        totalBytes: backup.totalBytes,
        database: backup.database,
        systemIdentifier: backup.kind === 'physical' ? backup.systemIdentifier : null,
        action,
        reasons: list,
        reason: list.join('; '),
        pin: pin ?? null,
        verified: backup.verified,
        damaged: backup.damaged,
        stopTime: backup.base?.stopTime ?? null,
      });
    }
    seriesSummaries.push({ key: series.key, kind: series.kind, label: series.label, kept, deleted: series.members.length - kept });
  }
  planned.sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt) || (a.id < b.id ? 1 : -1));

  if (input.unreadable.length > 0) {
    notes.push(
      `${input.unreadable.length} manifest(s) cannot be read (${input.unreadable
        .slice(0, 3)
        .map((u) => u.id)
        .join(', ')}${input.unreadable.length > 3 ? ', …' : ''}): they are never deleted, and no WAL is pruned while they may be base backups that need it.`,
    );
  }
  const deleted = planned.filter((backup) => backup.action === 'delete');
  const completeTotal = planned.filter((backup) => backup.status === 'complete').length;
  const completeDeleted = deleted.filter((backup) => backup.status === 'complete').length;
  const walSegmentsPruned = wal.reduce((sum, item) => sum + item.segmentsPruned, 0);
  const walBytesPruned = wal.reduce((sum, item) => sum + item.bytesPruned, 0);
  const plan: PlannedRetention['plan'] = {
    profile: input.profile,
    repositoryDir: input.repositoryDir,
    policy: input.policy,
    timeZone: input.timeZone,
    now: input.now.toISOString(),
    fingerprint: fingerprintOf(input, planned, wal),
    backups: planned,
    series: seriesSummaries,
    unreadable: [...input.unreadable],
    kept: planned.length - deleted.length,
    deleted: deleted.length,
    completeKept: completeTotal - completeDeleted,
    completeDeleted,
    bytesFreed: deleted.reduce((sum, backup) => sum + backup.totalBytes, 0) + walBytesPruned,
    wal,
    walSegmentsPruned,
    walBytesPruned,
    needsConfirmation: completeDeleted * 2 > completeTotal,
    notes,
  };
  return { plan, walFiles };
}

/**
 * The WAL that goes with the plan, cluster by cluster, and the window floor: while deleting a base
 * backup would leave WAL in the archive that was recoverable and no kept backup reaches any more
 * (a hole in the window), the backup that covers the hole is kept, and the cutoffs are computed again.
 */
function planWal(
  input: RetentionInput,
  isKept: (id: string) => boolean,
  keep: (id: string, reason: string) => void,
  notes: string[],
): { wal: WalPrunePlan[]; walFiles: PlannedRetention['walFiles'] } {
  const wal: WalPrunePlan[] = [];
  const walFiles: PlannedRetention['walFiles'] = new Map();
  const clusters = new Set(input.backups.flatMap((backup) => (backup.kind === 'physical' && backup.systemIdentifier ? [backup.systemIdentifier] : [])));
  for (const systemIdentifier of [...clusters].sort()) {
    const facts = input.archives.find((archive) => archive.systemIdentifier === systemIdentifier);
    if (!facts) {
      notes.push(`The repository holds no WAL archive of cluster ${systemIdentifier}: no WAL to prune for its base backups.`);
      continue;
    }
    const index = new WalReachIndex(facts.names, facts.timelines);
    const ours = input.backups.flatMap((backup) => (backup.systemIdentifier === systemIdentifier && backup.base ? [backup.base] : []));
    const others = input.otherBaseBackups.flatMap((backup) => (backup.systemIdentifier === systemIdentifier && backup.base ? [backup.base] : []));
    const all = [...ours, ...others];
    const usable = all.filter((base) => base.usable);
    const before = coverageOf(index, usable);
    const clusterNotes: string[] = [];
    if (others.length > 0)
      clusterNotes.push(`${others.length} base backup(s) of this cluster belong to other profiles: they are kept, and so is the WAL they need.`);
    const keptBases = () => [...ours.filter((base) => isKept(base.id)), ...others];
    let cutoffs = walCutoffs(index, facts, keptBases());
    for (;;) {
      const gap = windowGap(
        index,
        before,
        keptBases().filter((base) => base.usable),
        cutoffs,
      );
      if (!gap) break;
      const cover = latestCovering(
        index,
        ours.filter((base) => base.usable && !isKept(base.id)),
        gap.timeline,
        gap.segment,
      );
      if (!cover) break; // cannot happen: whatever was covered before was covered by some usable backup
      keep(cover.id, `kept: recoverable window (its WAL stays; without it the window would have a hole at ${index.name(gap.timeline, gap.segment)})`);
      cutoffs = walCutoffs(index, facts, keptBases());
    }
    if (input.unreadable.length > 0) {
      for (const cutoff of cutoffs.values()) {
        cutoff.keepFrom = 0;
        cutoff.why = 'not pruned: some manifests cannot be read';
      }
    }
    const kept = keptBases();
    const { plan, files } = walPrunePlan(
      index,
      facts,
      cutoffs,
      {
        before,
        after: coverageOf(
          index,
          kept.filter((base) => base.usable),
        ),
        usable,
        kept,
      },
      clusterNotes,
    );
    wal.push(plan);
    walFiles.set(systemIdentifier, { archiveDir: facts.archiveDir, files });
  }
  return { wal, walFiles };
}

/** Of the backups whose recoverable stretch holds segment `n` of `timeline`, the one that starts latest. */
function latestCovering(index: WalReachIndex, candidates: readonly BaseBackupWal[], timeline: number, n: number): BaseBackupWal | null {
  let best: BaseBackupWal | null = null;
  for (const base of candidates) {
    if (!index.reach(base).some((part) => part.timeline === timeline && part.from <= n && n <= part.last)) continue;
    if (!best || compareLsn(base.startLsn, best.startLsn) > 0) best = base;
  }
  return best;
}

function fingerprintOf(input: RetentionInput, planned: readonly PlannedBackup[], wal: readonly WalPrunePlan[]): string {
  const identity = JSON.stringify([
    input.policy,
    input.timeZone,
    planned.map((backup) => [backup.id, backup.action]),
    wal.map((item) => [item.systemIdentifier, item.segmentsPruned, item.firstPruned, item.lastPruned]),
  ]);
  return createHash('sha256').update(identity).digest('hex').slice(0, 16);
}
