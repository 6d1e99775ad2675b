import { stat } from 'node:fs/promises';
import type { TimelineNode } from '../../shared/domain/wal-archive';
import { parseArchiveFileName, segmentsPerLogId } from '../../shared/domain/wal';
import { repositoryLayout } from '../repository/layout';
import { archiveIndexFor, type ArchiveIndex } from '../wal/archive-index';
import { archiveSegmentSize, type ArchiveListing } from '../wal/archive-listing';
import { buildTimelineTree } from '../wal/timeline-tree';

/**
 * A cluster's archive as retention reads it: per timeline, each segment file's position, size and
 * archive time in plain arrays, sorted. The WAL browser's listing builds rich objects (LSN ranges,
 * ISO times) for 200,000 segments, which costs more than retention's whole plan; retention needs
 * only where segments are and which are whole.
 */
export interface TimelineFiles {
  /** Segment numbers (XLogSegNo), ascending; a compressed twin of a segment is listed once. */
  numbers: number[];
  fileNames: string[];
  sizes: number[];
  mtimesMs: number[];
  /** An uncompressed segment smaller than the segment size: replay stops at it. */
  truncated: boolean[];
}

export interface ArchiveNames {
  segmentSizeBytes: number;
  timelines: Map<number, TimelineFiles>;
  /** `.partial` files and segment files listed twice (a compressed twin): pruned like segments, never reached. */
  extraFiles: { timeline: number; number: number; fileName: string; sizeBytes: number }[];
  historyFiles: number;
  backupFiles: number;
}

/** One cluster's archive, opened for retention: its names, its timelines, and the index to delete through. */
export interface RetentionArchive {
  systemIdentifier: string;
  archiveDir: string;
  index: ArchiveIndex;
  names: ArchiveNames;
  timelines: TimelineNode[];
}

const cache = new WeakMap<ArchiveIndex, { generation: number; names: ArchiveNames }>();

/** The index's files by timeline, rebuilt only when its file list changed. */
export function archiveNamesOf(index: ArchiveIndex, segmentSizeBytes: number): ArchiveNames {
  const cached = cache.get(index);
  if (cached && cached.generation === index.generation && cached.names.segmentSizeBytes === segmentSizeBytes) return cached.names;
  const perLogId = segmentsPerLogId(segmentSizeBytes);
  const names: ArchiveNames = { segmentSizeBytes, timelines: new Map(), extraFiles: [], historyFiles: 0, backupFiles: 0 };
  const partials: ArchiveNames['extraFiles'] = [];
  // Files in the index's order (the folder's, or the saved index's), sorted per timeline below by
  // number: sorting 200,000 names as strings costs over a second, numbers a few milliseconds.
  index.forEachFile((fileName, sizeBytes, mtimeMs) => {
    const parsed = parseArchiveFileName(fileName, segmentSizeBytes);
    if (!parsed) return;
    if (parsed.kind === 'history') {
      names.historyFiles += 1;
      return;
    }
    if (parsed.kind === 'backup') {
      names.backupFiles += 1;
      return;
    }
    const timeline = parsed.segment.timeline;
    const number = parsed.segment.logId * perLogId + parsed.segment.segId;
    if (parsed.kind === 'partial') {
      partials.push({ timeline, number, fileName, sizeBytes });
      return;
    }
    let files = names.timelines.get(timeline);
    if (!files) names.timelines.set(timeline, (files = { numbers: [], fileNames: [], sizes: [], mtimesMs: [], truncated: [] }));
    files.numbers.push(number);
    files.fileNames.push(fileName);
    files.sizes.push(sizeBytes);
    files.mtimesMs.push(mtimeMs);
    files.truncated.push(parsed.compression === 'none' && sizeBytes !== segmentSizeBytes);
  });
  for (const [timeline, files] of names.timelines) names.timelines.set(timeline, inOrder(files, timeline, names.extraFiles));
  names.extraFiles.push(...partials);
  cache.set(index, { generation: index.generation, names });
  return names;
}

/**
 * A timeline's files sorted by segment number (the order is often already right: then nothing
 * moves); of a segment listed twice (compressed and not), the first by name stays and the other
 * goes to `extra`.
 */
function inOrder(files: TimelineFiles, timeline: number, extra: ArchiveNames['extraFiles']): TimelineFiles {
  const count = files.numbers.length;
  let sorted = true;
  for (let i = 1; i < count && sorted; i++) {
    const a = files.numbers[i - 1]!;
    const b = files.numbers[i]!;
    sorted = a < b || (a === b && files.fileNames[i - 1]! < files.fileNames[i]!);
  }
  if (sorted && !files.numbers.some((n, i) => i > 0 && n === files.numbers[i - 1])) return files;
  const order = sorted ? Array.from({ length: count }, (_, i) => i) : sortedOrder(files);
  let twins = false;
  for (let k = 1; k < count && !twins; k++) twins = files.numbers[order[k]!] === files.numbers[order[k - 1]!];
  if (!twins) {
    // map() allocates each array once at its final length; pushing 200,000 times grows it many times.
    return {
      numbers: order.map((i) => files.numbers[i]!),
      fileNames: order.map((i) => files.fileNames[i]!),
      sizes: order.map((i) => files.sizes[i]!),
      mtimesMs: order.map((i) => files.mtimesMs[i]!),
      truncated: order.map((i) => files.truncated[i]!),
    };
  }
  const out: TimelineFiles = { numbers: [], fileNames: [], sizes: [], mtimesMs: [], truncated: [] };
  let last = -1;
  for (const i of order) {
    const number = files.numbers[i]!;
    if (number === last) {
      extra.push({ timeline, number, fileName: files.fileNames[i]!, sizeBytes: files.sizes[i]! });
      continue;
    }
    last = number;
    out.numbers.push(number);
    out.fileNames.push(files.fileNames[i]!);
    out.sizes.push(files.sizes[i]!);
    out.mtimesMs.push(files.mtimesMs[i]!);
    out.truncated.push(files.truncated[i]!);
  }
  return out;
}

/**
 * The positions of a timeline's files by segment number, then name. The folder's order is a hash
 * order; the numbers of an archive are nearly contiguous, so a table over their range places each
 * file in one pass (a comparison sort of 200,000 positions took a tenth of a second). A range far
 * wider than the count (a long gap) falls back to sorting.
 */
function sortedOrder(files: TimelineFiles): number[] {
  const count = files.numbers.length;
  const byNumber = (a: number, b: number) => files.numbers[a]! - files.numbers[b]! || (files.fileNames[a]! < files.fileNames[b]! ? -1 : 1);
  let min = Infinity;
  let max = -Infinity;
  for (const n of files.numbers) {
    if (n < min) min = n;
    if (n > max) max = n;
  }
  const range = max - min + 1;
  if (range > 4 * count + 1_024) return Array.from({ length: count }, (_, i) => i).sort(byNumber);
  // slot[n - min] = 1 + the first position with number n; twins (a number listed again) aside.
  const slot = new Int32Array(range);
  const twins: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = files.numbers[i]! - min;
    if (slot[at] === 0) slot[at] = i + 1;
    else twins.push(i);
  }
  const order: number[] = [];
  for (let at = 0; at < range; at++) if (slot[at] !== 0) order.push(slot[at]! - 1);
  if (twins.length === 0) return order;
  // Rare (a compressed and an uncompressed copy of one segment): merge the twins in by number and name.
  return order.concat(twins).sort(byNumber);
}

/** Scans (incrementally) a cluster's WAL folder in the repository; null when the repository holds none. */
export async function openRetentionArchive(repositoryRoot: string, systemIdentifier: string): Promise<RetentionArchive | null> {
  const archiveDir = repositoryLayout(repositoryRoot).walDir(systemIdentifier);
  if (!(await stat(archiveDir).catch(() => null))?.isDirectory()) return null;
  const index = await archiveIndexFor(archiveDir);
  await index.scan();
  const segmentSizeBytes = await archiveSegmentSize(index);
  const names = archiveNamesOf(index, segmentSizeBytes);
  void index.save();
  return { systemIdentifier, archiveDir, index, names, timelines: await timelinesOf(index, archiveDir) };
}

/**
 * The timeline tree from the history files alone: the tree builder reads each history file and
 * counts segments from a listing; retention needs only parents and forks, so it gets none.
 */
async function timelinesOf(index: ArchiveIndex, archiveDir: string): Promise<TimelineNode[]> {
  const historyFiles = new Map<number, string>();
  index.forEachFile((fileName) => {
    if (!fileName.includes('.history')) return;
    const parsed = parseArchiveFileName(fileName, 16 * 1024 * 1024);
    if (parsed?.kind === 'history') historyFiles.set(parsed.timeline, fileName);
  });
  const listing: ArchiveListing = {
    archiveDir,
    segmentSizeBytes: 0,
    segments: [],
    byTimeline: new Map(),
    partials: [],
    historyFiles,
    backupFiles: [],
    strays: [],
  };
  return buildTimelineTree(listing);
}
