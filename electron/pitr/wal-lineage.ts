import type { ArchivedSegment, TimelineNode } from '../../shared/domain/wal-archive';
import { compareLsn, formatSegmentName, segmentForLsn, segmentFromNumber, segmentNumber, type Lsn } from '../../shared/domain/wal';
import type { ArchiveListing } from '../wal/archive-listing';
import { ancestry } from '../wal/timeline-tree';

/**
 * The line of history a recovery replays: the target timeline and its ancestors, each valid for
 * the segments between its own fork and its child's. For each segment recovery takes the file of
 * the newest timeline that may hold it, falling back to older ones (XLogFileReadAnyTLI in
 * src/backend/access/transam/xlogrecovery.c); the walk below does the same with the archive's names.
 */
export interface LineageStep {
  timeline: number;
  /** First segment number this timeline serves (its fork point's segment; 0 for the root). */
  firstSegNo: bigint;
  /** Last segment number it serves (its child's fork segment), or null for the target timeline. */
  lastSegNo: bigint | null;
}

export type LineageProblem =
  { kind: 'unknown-timeline' } | { kind: 'history-missing'; timeline: number } | { kind: 'not-descendant' } | { kind: 'forked-before-backup'; forkLsn: Lsn };

/**
 * recovery_target_timeline = 'latest': PostgreSQL probes for NNNNNNNN.history from the backup's
 * timeline + 1 upward and takes the last one found in an unbroken run (findNewestTimeLine).
 */
export function newestTimeline(listing: ArchiveListing, fromTimeline: number): number {
  let newest = fromTimeline;
  for (let probe = fromTimeline + 1; listing.historyFiles.has(probe); probe++) newest = probe;
  return newest;
}

export function lineageFor(
  timelines: readonly TimelineNode[],
  targetTimeline: number,
  backup: { timeline: number; checkpointLsn: Lsn },
  segmentSizeBytes: number,
): { steps: LineageStep[] } | { problem: LineageProblem } {
  const nodes = new Map(timelines.map((node) => [node.timeline, node]));
  if (targetTimeline !== backup.timeline && !nodes.has(targetTimeline)) return { problem: { kind: 'unknown-timeline' } };
  const chain = ancestry(timelines, targetTimeline);
  const backupAt = chain.indexOf(backup.timeline);
  if (backupAt < 0) {
    const missing = chain.map((t) => nodes.get(t)).find((node) => node?.historyMissing);
    return { problem: missing ? { kind: 'history-missing', timeline: missing.timeline } : { kind: 'not-descendant' } };
  }
  const steps: LineageStep[] = [];
  for (let i = 0; i <= backupAt; i++) {
    const timeline = chain[i]!;
    const node = nodes.get(timeline);
    if (i < backupAt && (!node || node.historyMissing || !node.forkLsn)) return { problem: { kind: 'history-missing', timeline } };
    const child = i > 0 ? nodes.get(chain[i - 1]!) : undefined;
    steps.push({
      timeline,
      firstSegNo: i < backupAt && node?.forkLsn ? segmentNumber(segmentForLsn(node.forkLsn, timeline, segmentSizeBytes), segmentSizeBytes) : 0n,
      lastSegNo: child?.forkLsn ? segmentNumber(segmentForLsn(child.forkLsn, timeline, segmentSizeBytes), segmentSizeBytes) : null,
    });
  }
  // The server refuses a timeline that left the backup's before the backup's checkpoint
  // ("requested timeline N is not a child of this server's history").
  const leaving = backupAt > 0 ? nodes.get(chain[backupAt - 1]!) : undefined;
  if (leaving?.forkLsn && compareLsn(leaving.forkLsn, backup.checkpointLsn) <= 0)
    return { problem: { kind: 'forked-before-backup', forkLsn: leaving.forkLsn } };
  return { steps };
}

export interface LineageWalk {
  /** Archive files replay reads, in order. */
  used: ArchivedSegment[];
  /** The first segment no timeline of the lineage has, or null. */
  firstMissing: string | null;
  /** The last segment present before the first missing one (or the last of the walk). */
  lastPresent: string | null;
  /** Whether the archive holds segments of the lineage after the first missing one. */
  moreAfterMissing: boolean;
  /** The last segment number the lineage holds at all (for "latest"). */
  lastSegNo: bigint | null;
}

/**
 * Walks the lineage from `fromSegNo` to `toSegNo` (inclusive; null: to the last segment the lineage
 * holds). `inBackup` says which segments the backup's own pg_wal supplies.
 */
export function walkLineage(
  listing: ArchiveListing,
  steps: readonly LineageStep[],
  fromSegNo: bigint,
  toSegNo: bigint | null,
  inBackup: (segNo: bigint) => boolean,
): LineageWalk {
  const size = listing.segmentSizeBytes;
  const byTimeline = new Map<number, Map<bigint, ArchivedSegment>>();
  for (const step of steps) {
    const present = new Map<bigint, ArchivedSegment>();
    for (const segment of listing.byTimeline.get(step.timeline) ?? []) {
      if (!segment.truncated) present.set(segmentNumber(segment.segment, size), segment);
    }
    byTimeline.set(step.timeline, present);
  }
  const serving = (segNo: bigint) => steps.filter((step) => step.firstSegNo <= segNo && (step.lastSegNo === null || segNo <= step.lastSegNo));
  const fileFor = (segNo: bigint) => {
    for (const step of serving(segNo)) {
      const file = byTimeline.get(step.timeline)?.get(segNo);
      if (file) return file;
    }
    return null;
  };
  let lastSegNo: bigint | null = null;
  for (const step of steps) {
    for (const segNo of byTimeline.get(step.timeline)?.keys() ?? []) {
      if (serving(segNo).some((s) => s.timeline === step.timeline) && (lastSegNo === null || segNo > lastSegNo)) lastSegNo = segNo;
    }
  }
  const end = toSegNo ?? lastSegNo ?? fromSegNo - 1n;
  const walk: LineageWalk = { used: [], firstMissing: null, lastPresent: null, moreAfterMissing: false, lastSegNo };
  for (let segNo = fromSegNo; segNo <= end; segNo++) {
    const file = fileFor(segNo);
    if (file) {
      walk.used.push(file);
      walk.lastPresent = file.name;
      continue;
    }
    if (inBackup(segNo)) continue;
    const expected = serving(segNo)[0]?.timeline ?? steps[0]!.timeline;
    walk.firstMissing = formatSegmentName(segmentFromNumber(expected, segNo, size));
    walk.moreAfterMissing = lastSegNo !== null && lastSegNo > segNo;
    break;
  }
  return walk;
}
