import type { ArchivedSegment, TimelineNode, WalGap } from '../../shared/domain/wal-archive';
import {
  compareLsn,
  formatSegmentName,
  segmentEndLsn,
  segmentForLsn,
  segmentFromNumber,
  segmentNumber,
  segmentStartLsn,
  type Lsn,
} from '../../shared/domain/wal';
import type { ArchiveListing } from './archive-listing';
import { ancestry } from './timeline-tree';

/** A base backup as gap-finding needs it. */
export interface BackupReach {
  backupId: string;
  timeline: number;
  startLsn: Lsn;
}

/**
 * Missing segments, found from names alone: inside each timeline's run of segments, and where a
 * child timeline forks (the parent must reach the segment before the fork, the child must start at
 * the fork's segment). Each gap says what it cuts off: the segments after it on that line of
 * history, and the base backups whose replay cannot get past it.
 */
export function findGaps(listing: ArchiveListing, timelines: readonly TimelineNode[], backups: readonly BackupReach[] = []): WalGap[] {
  const size = listing.segmentSizeBytes;
  const gaps: WalGap[] = [];
  const numbersOf = (timeline: number) => (listing.byTimeline.get(timeline) ?? []).map((segment) => segmentNumber(segment.segment, size));

  const addGap = (timeline: number, firstMissing: bigint, lastMissing: bigint, after: ArchivedSegment[]) => {
    const first = segmentFromNumber(timeline, firstMissing, size);
    const last = segmentFromNumber(timeline, lastMissing, size);
    const fromLsn = segmentStartLsn(first, size);
    const lineage = ancestry(timelines, timeline);
    gaps.push({
      timeline,
      firstMissing: formatSegmentName(first),
      lastMissing: formatSegmentName(last),
      missingCount: Number(lastMissing - firstMissing + 1n),
      fromLsn,
      toLsn: segmentEndLsn(last, size),
      segmentsCutOff: after.length,
      lastSegmentCutOff: after.at(-1)?.name ?? null,
      backupsCutOff: backups.filter((b) => lineage.includes(b.timeline) && compareLsn(b.startLsn, fromLsn) < 0).map((b) => b.backupId),
    });
  };

  for (const [timeline, segments] of listing.byTimeline) {
    const numbers = numbersOf(timeline);
    for (let i = 1; i < numbers.length; i++) {
      if (numbers[i]! - numbers[i - 1]! > 1n) addGap(timeline, numbers[i - 1]! + 1n, numbers[i]! - 1n, segments.slice(i));
    }
  }

  for (const node of timelines) {
    if (node.parentTimeline === null || node.forkLsn === null) continue;
    const forkNumber = segmentNumber(segmentForLsn(node.forkLsn, node.timeline, size), size);
    const child = listing.byTimeline.get(node.timeline) ?? [];
    const childNumbers = numbersOf(node.timeline);
    // The child's first segment holds the parent's WAL up to the fork too; it must be there.
    if (childNumbers.length > 0 && childNumbers[0]! > forkNumber) addGap(node.timeline, forkNumber, childNumbers[0]! - 1n, child);
    const parentNumbers = numbersOf(node.parentTimeline);
    const parentLast = parentNumbers.at(-1);
    if (parentLast !== undefined && parentLast < forkNumber - 1n && !parentNumbers.some((n) => n > forkNumber)) {
      addGap(node.parentTimeline, parentLast + 1n, forkNumber - 1n, child);
    }
  }
  return gaps.sort((a, b) => a.timeline - b.timeline || compareLsn(a.fromLsn, b.fromLsn));
}
