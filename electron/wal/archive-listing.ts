import { join } from 'node:path';
import type { ArchivedSegment, StrayFile } from '../../shared/domain/wal-archive';
import { defaultWalSegmentSizeBytes, parseArchiveFileName, type WalSegmentName } from '../../shared/domain/wal';
import { readClusterMarker } from './archive-folder';
import type { ArchiveIndex } from './archive-index';
import { readSegmentHeader } from './segment-header';

/** The WAL folder's files, parsed once and sorted: what every view of the archive starts from. */
export interface ArchiveListing {
  archiveDir: string;
  segmentSizeBytes: number;
  /** Whole segments (not `.partial`), by timeline then position. */
  segments: ArchivedSegment[];
  byTimeline: Map<number, ArchivedSegment[]>;
  partials: ArchivedSegment[];
  /** timeline → its history file name. */
  historyFiles: Map<number, string>;
  backupFiles: { fileName: string; segment: WalSegmentName; offset: number }[];
  strays: StrayFile[];
}

/** The cluster's segment size: its marker, else a segment's own header, else PostgreSQL's default. */
export async function archiveSegmentSize(index: ArchiveIndex): Promise<number> {
  const marker = await readClusterMarker(index.archiveDir);
  if (marker && marker.walSegmentSizeBytes > 0) return marker.walSegmentSizeBytes;
  // A few segments are enough: every segment of a cluster has the same size.
  let tried = 0;
  for (const name of index.files.keys()) {
    if (!/^[0-9A-F]{24}$/.test(name)) continue;
    const header = await readSegmentHeader(join(index.archiveDir, name)).catch(() => null);
    if (header) return header.segmentSizeBytes;
    if (++tried >= 5) break;
  }
  return defaultWalSegmentSizeBytes;
}

/**
 * A segment's LSN range without bigint arithmetic (100,000 of them per listing): a log id is the
 * LSN's high half and segId × size its low half, as segments never straddle a log id.
 */
function segmentRange(segment: WalSegmentName, segmentSizeBytes: number): Pick<ArchivedSegment, 'startLsn' | 'endLsn'> {
  const lo = segment.segId * segmentSizeBytes;
  const end = lo + segmentSizeBytes;
  return {
    startLsn: { hi: segment.logId, lo },
    endLsn: end >= 0x1_0000_0000 ? { hi: segment.logId + 1, lo: end - 0x1_0000_0000 } : { hi: segment.logId, lo: end },
  };
}

export function buildArchiveListing(index: ArchiveIndex, segmentSizeBytes: number): ArchiveListing {
  const listing: ArchiveListing = {
    archiveDir: index.archiveDir,
    segmentSizeBytes,
    segments: [],
    byTimeline: new Map(),
    partials: [],
    historyFiles: new Map(),
    backupFiles: [],
    strays: [],
  };
  // Names sort natively (no comparator) far faster than objects do; fixed-width upper-case hex
  // makes name order timeline-then-position order, so the segments come out sorted.
  const names = [...index.files.keys()].sort();
  for (const fileName of names) {
    const file = index.files.get(fileName)!;
    const parsed = parseArchiveFileName(fileName, segmentSizeBytes);
    if (!parsed) {
      // basic_archive's and our script's temporary files, the cluster marker, anything else.
      if (!fileName.startsWith('.')) listing.strays.push({ fileName, sizeBytes: file.sizeBytes });
      continue;
    }
    switch (parsed.kind) {
      case 'segment':
      case 'partial': {
        const range = segmentRange(parsed.segment, segmentSizeBytes);
        const segment: ArchivedSegment = {
          fileName,
          // The 24 hex digits the parser validated: no need to format them again.
          name: fileName.slice(0, 24),
          segment: parsed.segment,
          startLsn: range.startLsn,
          endLsn: range.endLsn,
          sizeBytes: file.sizeBytes,
          archivedAt: new Date(file.mtimeMs).toISOString(),
          compression: parsed.compression,
          partial: parsed.kind === 'partial',
          truncated: parsed.compression === 'none' && file.sizeBytes !== segmentSizeBytes,
        };
        (parsed.kind === 'partial' ? listing.partials : listing.segments).push(segment);
        break;
      }
      case 'history':
        listing.historyFiles.set(parsed.timeline, fileName);
        break;
      case 'backup':
        listing.backupFiles.push({ fileName, segment: parsed.segment, offset: parsed.offset });
        break;
    }
  }

  for (const segment of listing.segments) {
    const list = listing.byTimeline.get(segment.segment.timeline);
    if (list) list.push(segment);
    else listing.byTimeline.set(segment.segment.timeline, [segment]);
  }
  // Two files for one segment (compressed and not) would be counted twice; keep the first.
  for (const [timeline, list] of listing.byTimeline) {
    if (list.some((segment, i) => i > 0 && segment.name === list[i - 1]!.name)) {
      listing.byTimeline.set(
        timeline,
        list.filter((segment, i) => i === 0 || segment.name !== list[i - 1]!.name),
      );
    }
  }
  return listing;
}
