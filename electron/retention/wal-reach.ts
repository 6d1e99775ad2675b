import type { WalReachRange } from '../../shared/domain/retention';
import type { TimelineNode } from '../../shared/domain/wal-archive';
import {
  compareLsn,
  formatSegmentName,
  segmentBeforeLsn,
  segmentForLsn,
  segmentFromNumber,
  segmentsPerLogId,
  type Lsn,
  type WalSegmentName,
} from '../../shared/domain/wal';
import type { ArchiveNames } from './archive-names';

/**
 * What archived WAL each base backup can replay, at segment granularity and from names alone (no
 * pg_waldump): retention needs it for 200,000 segments in well under a second. It follows
 * recoverable-window.ts's rules: a backup reaches from its start while segments follow one another
 * (the WAL between start and stop may be inside the backup), and into a child timeline whose fork
 * it reaches after it became consistent.
 */

/** A base backup as WAL reasoning needs it. */
export interface BaseBackupWal {
  id: string;
  timeline: number;
  startLsn: Lsn;
  stopLsn: Lsn;
  stopTime: string | null;
  /** -X stream: the WAL from start to stop is in the backup. */
  walIncluded: boolean;
  /** It can start a recovery (complete, its PITR readiness recorded, not found damaged). */
  usable: boolean;
}

/** One timeline's part of a backup's reach. */
export interface ReachPart {
  timeline: number;
  /** The first segment the backup needs on this timeline (its start, or the fork's segment). */
  needsFrom: number;
  /** The recoverable stretch on it: [from, last] (empty when last < from). */
  from: number;
  last: number;
}

interface TimelineRuns {
  starts: number[];
  ends: number[];
}

/** A cluster's archive, indexed for reach questions. */
export class WalReachIndex {
  readonly perLogId: number;
  private readonly runs = new Map<number, TimelineRuns>();
  private readonly children = new Map<number, TimelineNode[]>();
  private readonly reaches = new Map<string, ReachPart[]>();

  constructor(
    readonly names: ArchiveNames,
    readonly timelines: readonly TimelineNode[],
  ) {
    this.perLogId = segmentsPerLogId(names.segmentSizeBytes);
    for (const [timeline, files] of names.timelines) {
      const starts: number[] = [];
      const ends: number[] = [];
      files.numbers.forEach((n, i) => {
        // A truncated segment is not whole: replay stops at it.
        if (files.truncated[i]) return;
        if (ends.length > 0 && ends[ends.length - 1] === n - 1) ends[ends.length - 1] = n;
        else {
          starts.push(n);
          ends.push(n);
        }
      });
      this.runs.set(timeline, { starts, ends });
    }
    for (const node of timelines) {
      if (node.parentTimeline === null || node.forkLsn === null) continue;
      const list = this.children.get(node.parentTimeline) ?? [];
      list.push(node);
      this.children.set(node.parentTimeline, list);
    }
  }

  number(segment: WalSegmentName): number {
    return segment.logId * this.perLogId + segment.segId;
  }

  name(timeline: number, n: number): string {
    return formatSegmentName(segmentFromNumber(timeline, BigInt(n), this.names.segmentSizeBytes));
  }

  segmentOf(lsn: Lsn, timeline: number): number {
    return this.number(segmentForLsn(lsn, timeline, this.names.segmentSizeBytes));
  }

  /** When segment `n` of a timeline was archived (its file's mtime), if the archive holds it. */
  archivedTime(timeline: number, n: number): string | null {
    const files = this.names.timelines.get(timeline);
    if (!files) return null;
    let low = 0;
    let high = files.numbers.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const found = files.numbers[middle]!;
      if (found === n) return new Date(files.mtimesMs[middle]!).toISOString();
      if (found < n) low = middle + 1;
      else high = middle - 1;
    }
    return null;
  }

  /** The last segment of the unbroken run that continues after `last` (last itself when n+1 is missing). */
  private extend(timeline: number, last: number): number {
    const runs = this.runs.get(timeline);
    if (!runs) return last;
    const wanted = last + 1;
    let low = 0;
    let high = runs.starts.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (runs.ends[middle]! < wanted) low = middle + 1;
      else if (runs.starts[middle]! > wanted) high = middle - 1;
      else return Math.max(last, runs.ends[middle]!);
    }
    return last;
  }

  /**
   * Where a backup's replay goes: its own timeline from its start, then each child timeline whose
   * fork it reaches. An unusable backup still needs its own timeline from its start (a kept backup
   * holds its WAL as pg_archivecleanup would) but reaches nothing.
   */
  reach(backup: BaseBackupWal): ReachPart[] {
    const cached = this.reaches.get(backup.id);
    if (cached) return cached;
    const timeline = backup.timeline;
    const start = this.segmentOf(backup.startLsn, timeline);
    const stopLast = this.number(segmentBeforeLsn(backup.stopLsn, timeline, this.names.segmentSizeBytes));
    let last = backup.walIncluded ? this.extend(timeline, Math.max(stopLast, start - 1)) : this.extend(timeline, start - 1);
    if (!backup.usable || last < stopLast) last = stopLast - 1;
    const parts: ReachPart[] = [{ timeline, needsFrom: start, from: stopLast, last }];
    if (last >= stopLast) {
      const queue = [{ timeline, reachedLast: last, since: backup.stopLsn }];
      while (queue.length > 0) {
        const parent = queue.shift()!;
        for (const child of this.children.get(parent.timeline) ?? []) {
          const fork = child.forkLsn!;
          if (compareLsn(fork, parent.since) < 0) continue; // forked before this backup was consistent
          const forkSegment = this.segmentOf(fork, child.timeline);
          if (parent.reachedLast < forkSegment - 1) continue; // the parent's WAL stops short of the fork
          const childLast = this.extend(child.timeline, forkSegment - 1);
          if (childLast < forkSegment) continue;
          if (parts.some((part) => part.timeline === child.timeline)) continue;
          parts.push({ timeline: child.timeline, needsFrom: forkSegment, from: forkSegment, last: childLast });
          queue.push({ timeline: child.timeline, reachedLast: childLast, since: fork });
        }
      }
    }
    this.reaches.set(backup.id, parts);
    return parts;
  }
}

/** Segment ranges [first, last] per timeline, merged. */
export type Coverage = Map<number, [number, number][]>;

/** The recoverable stretches of a set of backups, merged per timeline. */
export function coverageOf(index: WalReachIndex, backups: readonly BaseBackupWal[]): Coverage {
  const raw = new Map<number, [number, number][]>();
  for (const backup of backups) {
    for (const part of index.reach(backup)) {
      if (part.last < part.from) continue;
      const list = raw.get(part.timeline) ?? [];
      list.push([part.from, part.last]);
      raw.set(part.timeline, list);
    }
  }
  const merged: Coverage = new Map();
  for (const [timeline, ranges] of raw) {
    ranges.sort((a, b) => a[0] - b[0]);
    const out: [number, number][] = [];
    for (const [from, last] of ranges) {
      const previous = out.at(-1);
      if (previous && from <= previous[1] + 1) previous[1] = Math.max(previous[1], last);
      else out.push([from, last]);
    }
    merged.set(timeline, out);
  }
  return merged;
}

/** The smallest segment of `ranges` at or above `floor` that `cover` does not hold, or null. */
export function firstUncovered(ranges: readonly [number, number][], cover: readonly [number, number][], floor: number): number | null {
  for (const [from, last] of ranges) {
    let n = Math.max(from, floor);
    if (n > last) continue;
    for (const [coverFrom, coverLast] of cover) {
      if (coverLast < n) continue;
      if (coverFrom > n) break;
      n = coverLast + 1;
      if (n > last) break;
    }
    if (n <= last) return n;
  }
  return null;
}

/** Coverage as the plan shows it: segment names and the times they stand for. */
export function describeCoverage(index: WalReachIndex, coverage: Coverage, backups: readonly BaseBackupWal[]): WalReachRange[] {
  const ranges: WalReachRange[] = [];
  for (const [timeline, list] of [...coverage].sort((a, b) => a[0] - b[0])) {
    for (const [from, last] of list) {
      // The earliest point is the end of the backup whose stretch starts there.
      const starter = backups.find((backup) => index.reach(backup).some((part) => part.timeline === timeline && part.from === from && part.last >= from));
      const ownStart = starter && starter.timeline === timeline ? starter.stopTime : null;
      ranges.push({
        timeline,
        firstSegment: index.name(timeline, from),
        lastSegment: index.name(timeline, last),
        fromTime: ownStart ?? index.archivedTime(timeline, from),
        toTime: index.archivedTime(timeline, last),
      });
    }
  }
  return ranges;
}
