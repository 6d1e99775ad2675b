import type { ArchivedSegment, IdleLag, RecoverableInterval, RecoverableWindow, WalPoint, WindowBaseBackup } from '../../shared/domain/wal-archive';
import type { CompletePhysicalFacts, PhysicalManifest } from '../../shared/domain/physical';
import {
  compareLsn,
  formatSegmentName,
  historyFileName,
  segmentBeforeLsn,
  segmentEndLsn,
  segmentForLsn,
  segmentFromNumber,
  segmentNumber,
  type Lsn,
} from '../../shared/domain/wal';
import type { ToolService } from '../pgtools/tool-service';
import { segmentCommits } from './segment-details';
import { backupReaches, type OpenedArchive } from './wal-archive';
import { findGaps } from './wal-gaps';

type UsableBackup = PhysicalManifest & { physical: CompletePhysicalFacts };

export interface WindowOptions {
  /** The data loss the user accepts, for the suggested archive_timeout (default 300 s). */
  rpoSeconds?: number;
  /** The server's archive_timeout, when a server was reachable. */
  archiveTimeoutSeconds?: number | null;
  now?: Date;
  signal?: AbortSignal;
}

// How far back from the end of a run to look for its last commit (an idle server's forced
// switches archive segments holding no commit at all).
const commitSearchDepth = 16;

/**
 * The stretches of time (and WAL) point-in-time recovery can reach, per timeline. Each starts at
 * the end of a usable base backup (the earliest consistent point) and runs while segments follow
 * one another without a gap, into child timelines whose fork it reaches. It ends at the last
 * commit in the last contiguous segment, read with pg_waldump: a recovery_target_time after the
 * last commit is never reached, so the window never promises more than the archive holds.
 */
export async function recoverableWindow(
  tools: ToolService,
  archive: OpenedArchive,
  backups: readonly PhysicalManifest[],
  options: WindowOptions = {},
): Promise<RecoverableWindow> {
  const size = archive.listing.segmentSizeBytes;
  const notes: string[] = [];
  const gaps = findGaps(archive.listing, archive.timelines, backupReaches(backups));
  const present = new Map<number, Map<number, ArchivedSegment>>();
  for (const [timeline, segments] of archive.listing.byTimeline) {
    present.set(timeline, new Map(segments.map((segment) => [Number(segmentNumber(segment.segment, size)), segment])));
  }
  const segNo = (lsn: Lsn, timeline: number) => Number(segmentNumber(segmentForLsn(lsn, timeline, size), size));
  const segNoBefore = (lsn: Lsn, timeline: number) => Number(segmentNumber(segmentBeforeLsn(lsn, timeline, size), size));
  const nameOf = (timeline: number, n: number) => formatSegmentName(segmentFromNumber(timeline, BigInt(n), size));

  const windowBackups: WindowBaseBackup[] = [];
  const raw: RecoverableInterval[] = [];
  const runEnds: { timeline: number; from: number; last: number; afterLsn: Lsn }[] = [];

  for (const backup of backups) {
    const points = backup.physical.points;
    if (backup.status !== 'complete' || !points || !backup.physical.pitr) continue;
    const entry: WindowBaseBackup = {
      backupId: backup.id,
      timeline: points.timeline,
      startLsn: points.startLsn,
      stopLsn: points.stopLsn,
      startTime: points.startTime,
      stopTime: points.stopTime,
      usable: true,
      problem: null,
    };
    windowBackups.push(entry);
    if (backup.physical.verification?.status === 'failed') {
      entry.usable = false;
      entry.problem = 'pg_verifybackup found it damaged.';
      continue;
    }
    const usable = backup as UsableBackup;
    const timeline = points.timeline;
    const first = segNo(points.startLsn, timeline);
    const stopLast = segNoBefore(points.stopLsn, timeline);
    const inBackup = (n: number) => usable.physical.walIncluded && n >= first && n <= stopLast;
    const covered = (t: number, n: number) => (t === timeline && inBackup(n)) || isWhole(present.get(t)?.get(n));

    let last = first - 1;
    while (covered(timeline, last + 1)) last += 1;
    if (last < stopLast) {
      entry.usable = false;
      const missing: string[] = [];
      for (let n = last + 1; n <= stopLast && missing.length < 5; n++) if (!covered(timeline, n)) missing.push(nameOf(timeline, n));
      entry.problem = `The WAL between its start and stop is neither in the backup nor in the archive (first missing: ${missing.join(', ')}).`;
      continue;
    }
    raw.push(interval(timeline, { lsn: points.stopLsn, time: points.stopTime }, last, backup.id));
    runEnds.push({ timeline, from: stopLast + 1, last, afterLsn: points.stopLsn });

    // Into child timelines whose fork this run reaches (recovery_target_timeline follows them).
    const queue: { timeline: number; reachedLast: number; since: Lsn }[] = [{ timeline, reachedLast: last, since: points.stopLsn }];
    while (queue.length > 0) {
      const parent = queue.shift()!;
      for (const child of archive.timelines.filter((node) => node.parentTimeline === parent.timeline && node.forkLsn)) {
        const fork = child.forkLsn!;
        if (compareLsn(fork, parent.since) < 0) continue; // forked before this backup was consistent
        const forkSeg = segNo(fork, child.timeline);
        if (parent.reachedLast < forkSeg - 1) continue; // the parent's WAL stops short of the fork
        let childLast = forkSeg - 1;
        while (covered(child.timeline, childLast + 1)) childLast += 1;
        if (childLast < forkSeg) continue;
        raw.push(interval(child.timeline, { lsn: fork, time: null }, childLast, backup.id));
        runEnds.push({ timeline: child.timeline, from: forkSeg, last: childLast, afterLsn: fork });
        queue.push({ timeline: child.timeline, reachedLast: childLast, since: fork });
      }
    }
  }

  function interval(timeline: number, from: WalPoint, last: number, backupId: string): RecoverableInterval {
    const next = present.get(timeline)?.get(last + 1);
    const later = [...(present.get(timeline)?.keys() ?? [])].some((n) => n > last + 1);
    return {
      timeline,
      from,
      to: { lsn: segmentEndLsn(segmentFromNumber(timeline, BigInt(last), size), size), time: null },
      baseBackupIds: [backupId],
      endsAt: next && !isWhole(next) ? 'truncated-segment' : later ? 'gap' : 'archive-end',
      nextMissing: next && !isWhole(next) ? next.name : later ? nameOf(timeline, last + 1) : null,
    };
  }

  const intervals = mergeIntervals(raw);
  // The last commit of each run, read backwards from its end (cached per segment in the index).
  for (const item of intervals) {
    const run = runEnds.find(
      (r) => r.timeline === item.timeline && compareLsn(segmentEndLsn(segmentFromNumber(r.timeline, BigInt(r.last), size), size), item.to.lsn) === 0,
    );
    if (!run) continue;
    const commit = await lastCommitIn(run.timeline, run.from, run.last, item.from.lsn);
    if (commit) item.to = commit;
    else
      notes.push(
        `Timeline ${item.timeline}: no commit was archived after ${item.from.time ?? 'the start of this stretch'}; only the backup's end point can be recovered to there.`,
      );
    if (item.from.time === null) item.from.time = await firstCommitTimeIn(run.timeline, run.from, item.from.lsn);
  }

  async function lastCommitIn(timeline: number, from: number, last: number, after: Lsn): Promise<WalPoint | null> {
    for (let n = last; n >= Math.max(from, last - commitSearchDepth + 1); n--) {
      const segment = present.get(timeline)?.get(n);
      if (!segment || !isWhole(segment)) continue;
      const commits = await segmentCommits(tools, archive, segment, options.signal);
      if (commits.lastCommit && compareLsn(commits.lastCommit.lsn, after) >= 0) return { lsn: commits.lastCommit.lsn, time: commits.lastCommit.time };
    }
    return null;
  }

  async function firstCommitTimeIn(timeline: number, from: number, after: Lsn): Promise<string | null> {
    const segment = present.get(timeline)?.get(from);
    if (!segment) return null;
    const commits = await segmentCommits(tools, archive, segment, options.signal);
    return commits.firstCommit && compareLsn(commits.firstCommit.lsn, after) >= 0 ? commits.firstCommit.time : null;
  }
  void archive.index.save();

  if (backups.length === 0)
    notes.push('There is no physical base backup of this cluster in the repository: recovery needs one to start from (tidemark backup physical).');
  else if (intervals.length === 0) notes.push("No base backup can start a recovery: see each backup's problem.");
  for (const node of archive.timelines) {
    if (node.historyMissing)
      notes.push(
        `Timeline ${node.timeline} has no history file (${historyFileName(node.timeline)}) in the archive: recovery cannot follow it onto that timeline.`,
      );
  }

  const latest = latestPoint(intervals);
  return {
    systemIdentifier: archive.systemIdentifier,
    intervals,
    latest,
    baseBackups: windowBackups,
    gaps,
    idleLag: idleLagOf(latest, options),
    notes,
  };
}

function isWhole(segment: ArchivedSegment | undefined): boolean {
  return segment !== undefined && !segment.truncated;
}

/** Overlapping stretches on one timeline become one, reachable from all their backups. */
function mergeIntervals(intervals: RecoverableInterval[]): RecoverableInterval[] {
  const sorted = [...intervals].sort((a, b) => a.timeline - b.timeline || compareLsn(a.from.lsn, b.from.lsn));
  const merged: RecoverableInterval[] = [];
  for (const item of sorted) {
    const previous = merged.at(-1);
    if (previous && previous.timeline === item.timeline && compareLsn(item.from.lsn, previous.to.lsn) <= 0) {
      for (const id of item.baseBackupIds) if (!previous.baseBackupIds.includes(id)) previous.baseBackupIds.push(id);
      if (compareLsn(item.to.lsn, previous.to.lsn) > 0) {
        previous.to = item.to;
        previous.endsAt = item.endsAt;
        previous.nextMissing = item.nextMissing;
      }
      continue;
    }
    merged.push({ ...item, baseBackupIds: [...item.baseBackupIds] });
  }
  return merged;
}

/** The newest timeline's furthest point. */
function latestPoint(intervals: RecoverableInterval[]): WalPoint | null {
  let best: RecoverableInterval | null = null;
  for (const item of intervals) {
    if (!best || item.timeline > best.timeline || (item.timeline === best.timeline && compareLsn(item.to.lsn, best.to.lsn) > 0)) best = item;
  }
  return best?.to ?? null;
}

/**
 * On a quiet server the newest commits sit in the current, unfinished segment until it fills
 * (16 MB) or archive_timeout forces a switch; the archive's last commit then lags behind now.
 */
export function idleLagOf(latest: WalPoint | null, options: WindowOptions): IdleLag | null {
  if (!latest?.time) return null;
  const now = options.now ?? new Date();
  const lagSeconds = Math.round((now.getTime() - Date.parse(latest.time)) / 1000);
  if (lagSeconds < 120) return null;
  const rpo = Math.max(60, options.rpoSeconds ?? 300);
  const timeout = options.archiveTimeoutSeconds ?? null;
  const perDayGb = ((86_400 / rpo) * 16) / 1024;
  const setting = timeout === null ? 'unknown (no server connected)' : timeout === 0 ? 'off (0)' : `${timeout} s`;
  return {
    lastCommitTime: latest.time,
    checkedAt: now.toISOString(),
    lagSeconds,
    archiveTimeoutSeconds: timeout,
    suggestedArchiveTimeoutSeconds: rpo,
    explanation:
      `The last commit in the archive is ${formatAge(lagSeconds)} old. If the server has been idle since, nothing is missing. Otherwise the newer commits are still in the server's current WAL segment, which is archived only when it fills (16 MB) or archive_timeout forces a switch (now: ${setting}). ` +
      `To lose at most ${formatAge(rpo)}, set archive_timeout = ${rpo}: an idle server then archives one mostly empty segment every ${formatAge(rpo)} (up to ${perDayGb.toFixed(1)} GB a day before compression).`,
  };
}

function formatAge(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}
