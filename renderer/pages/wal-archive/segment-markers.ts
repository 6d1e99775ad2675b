import { formatSegmentName, parseSegmentName, segmentFromNumber, segmentNumber } from '../../../shared/domain/wal';
import type { BackupHistoryFile, WalArchiveSummary, WalGap } from '../../../shared/domain/wal-archive';

/** What the segment list marks on a row beyond the segment's own facts. */
export interface SegmentMarkers {
  /** The gap just before this segment (it is the first present one after it). */
  gapBefore: Map<string, WalGap>;
  /** `.backup` files whose base backup starts in this segment. */
  backupStarts: Map<string, BackupHistoryFile[]>;
}

/**
 * Rows to mark, keyed by the 24-digit segment name: the segment after each gap (where the list
 * jumps), and the segment each base backup starts in (its `.backup` file is named after it).
 */
export function segmentMarkers(summary: Pick<WalArchiveSummary, 'gaps' | 'backupFiles' | 'walSegmentSizeBytes'>): SegmentMarkers {
  const size = summary.walSegmentSizeBytes;
  const gapBefore = new Map<string, WalGap>();
  for (const gap of summary.gaps) {
    const last = parseSegmentName(gap.lastMissing, size);
    if (!last) continue;
    gapBefore.set(formatSegmentName(segmentFromNumber(gap.timeline, segmentNumber(last, size) + 1n, size)), gap);
  }
  const backupStarts = new Map<string, BackupHistoryFile[]>();
  for (const file of summary.backupFiles) {
    const segment = file.fileName.slice(0, 24);
    backupStarts.set(segment, [...(backupStarts.get(segment) ?? []), file]);
  }
  return { gapBefore, backupStarts };
}
