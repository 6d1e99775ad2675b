import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ArchivedSegment, BackupHistoryFile, TimelineNode, WalArchiveSummary, WalScanStats, WalSegmentPage } from '../../shared/domain/wal-archive';
import { TidemarkError } from '../../shared/domain/errors';
import { compareLsn } from '../../shared/domain/wal';
import { isCompletePhysical, type PhysicalManifest } from '../../shared/domain/physical';
import { repositoryLayout } from '../repository/layout';
import { listPhysicalBackups } from '../repository/physical-manifests';
import { archiveIndexFor, type ArchiveIndex } from './archive-index';
import { archiveSegmentSize, buildArchiveListing, type ArchiveListing } from './archive-listing';
import { parseBackupLabel } from './backup-label';
import { buildTimelineTree } from './timeline-tree';
import { findGaps, type BackupReach } from './wal-gaps';

/** One cluster's WAL archive, scanned: the starting point of the browser, the window and cleanup. */
export interface OpenedArchive {
  systemIdentifier: string;
  repositoryRoot: string;
  archiveDir: string;
  index: ArchiveIndex;
  listing: ArchiveListing;
  timelines: TimelineNode[];
  scan: WalScanStats;
}

const systemIdentifierPattern = /^\d{1,20}$/;

/** The clusters whose WAL the repository holds (folder names under <repo>/wal/). */
export async function archivedClusters(repositoryRoot: string): Promise<string[]> {
  const entries = await readdir(join(repositoryRoot, 'wal'), { withFileTypes: true }).catch(() => []);
  return entries.filter((entry) => entry.isDirectory() && systemIdentifierPattern.test(entry.name)).map((entry) => entry.name);
}

/**
 * Scans (incrementally) and lists a cluster's archive. `allowStale`: when this process has not
 * read the folder yet but an earlier session saved its index, list from that index and rescan in
 * the background (the browser's first screen); the window, cleanup and recovery never pass it.
 */
export async function openArchive(
  repositoryRoot: string,
  systemIdentifier: string,
  options: { fullScan?: boolean; allowStale?: boolean } = {},
): Promise<OpenedArchive> {
  if (!systemIdentifierPattern.test(systemIdentifier)) throw new TidemarkError('invalid_input', `"${systemIdentifier}" is not a system identifier.`);
  const archiveDir = repositoryLayout(repositoryRoot).walDir(systemIdentifier);
  const folder = await stat(archiveDir).catch(() => null);
  if (!folder?.isDirectory()) {
    throw new TidemarkError('not_found', `The repository holds no WAL for cluster ${systemIdentifier} (${archiveDir} does not exist).`, {
      hint: 'Set up archiving for this server first (tidemark archive setup --apply).',
    });
  }
  const index = await archiveIndexFor(archiveDir);
  const stale = options.allowStale === true && !options.fullScan && index.loadedButUnscanned;
  const scan = stale ? index.staleStats() : await index.scan({ full: options.fullScan });
  const { listing, timelines } = await derivedFrom(index);
  // Started once the listing is built, so the folder's rescan does not slow the first screen.
  if (stale) index.refreshInBackground();
  // The cache is written after the answer is computed; a slow disk does not delay the listing.
  if (!scan.refreshing) void index.save();
  return { systemIdentifier, repositoryRoot, archiveDir, index, listing, timelines, scan };
}

// The listing and the timeline tree of an index, rebuilt only when its file list changed: a
// browser paging through 100,000 segments asks for them on every page.
const derived = new WeakMap<ArchiveIndex, { generation: number; listing: ArchiveListing; timelines: TimelineNode[] }>();

async function derivedFrom(index: ArchiveIndex): Promise<{ listing: ArchiveListing; timelines: TimelineNode[] }> {
  const cached = derived.get(index);
  if (cached && cached.generation === index.generation) return cached;
  const generation = index.generation;
  const listing = buildArchiveListing(index, await archiveSegmentSize(index));
  const entry = { generation, listing, timelines: await buildTimelineTree(listing) };
  derived.set(index, entry);
  return entry;
}

/** A page of segments, optionally of one timeline, in WAL order. */
export function segmentPage(archive: OpenedArchive, options: { timeline?: number; offset: number; limit: number }): WalSegmentPage {
  const all = options.timeline === undefined ? archive.listing.segments : (archive.listing.byTimeline.get(options.timeline) ?? []);
  return { total: all.length, offset: options.offset, limit: options.limit, segments: all.slice(options.offset, options.offset + options.limit) };
}

/** The position of a segment in the listing, so the browser can jump to it (a gap, a backup). */
export function findSegment(archive: OpenedArchive, name: string): { segment: ArchivedSegment; offset: number } | null {
  const segments = archive.listing.segments;
  let low = 0;
  let high = segments.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const candidate = segments[middle]!;
    if (candidate.name === name) return { segment: candidate, offset: middle };
    if (candidate.name < name) low = middle + 1;
    else high = middle - 1;
  }
  const partial = archive.listing.partials.find((p) => p.name === name || p.fileName === name);
  return partial ? { segment: partial, offset: -1 } : null;
}

/** The `.backup` history files, read and linked to the repository's backups by start LSN. */
export async function backupHistoryFiles(archive: OpenedArchive, backups: readonly PhysicalManifest[]): Promise<BackupHistoryFile[]> {
  const files: BackupHistoryFile[] = [];
  for (const file of archive.listing.backupFiles) {
    if (file.fileName.endsWith('.gz') || file.fileName.endsWith('.zst') || file.fileName.endsWith('.lz4')) continue;
    const label = parseBackupLabel(await readFile(join(archive.archiveDir, file.fileName), 'utf8').catch(() => ''));
    if (!label || !label.stopLsn) continue;
    const timeline = label.startTimeline ?? file.segment.timeline;
    const owner = backups.find(
      (b) => b.physical.points && b.physical.points.timeline === timeline && compareLsn(b.physical.points.startLsn, label.startLsn) === 0,
    );
    files.push({
      fileName: file.fileName,
      startLsn: label.startLsn,
      stopLsn: label.stopLsn,
      timeline,
      startTime: label.startTime,
      stopTime: label.stopTime,
      label: label.label,
      backupId: owner?.id ?? null,
    });
  }
  return files;
}

export function backupReaches(backups: readonly PhysicalManifest[]): BackupReach[] {
  return backups.filter(isCompletePhysical).map((b) => ({ backupId: b.id, timeline: b.physical.points.timeline, startLsn: b.physical.points.startLsn }));
}

/** Everything the browser shows above the segment list. */
export async function archiveSummary(archive: OpenedArchive): Promise<WalArchiveSummary> {
  const layout = repositoryLayout(archive.repositoryRoot);
  const { backups } = await listPhysicalBackups(layout, archive.systemIdentifier);
  const { listing } = archive;
  return {
    systemIdentifier: archive.systemIdentifier,
    archiveDir: archive.archiveDir,
    walSegmentSizeBytes: listing.segmentSizeBytes,
    segmentCount: listing.segments.length,
    sizeBytes: listing.segments.reduce((sum, segment) => sum + segment.sizeBytes, 0),
    timelines: archive.timelines,
    gaps: findGaps(listing, archive.timelines, backupReaches(backups)),
    backupFiles: await backupHistoryFiles(archive, backups),
    truncatedSegments: listing.segments.filter((segment) => segment.truncated).map((segment) => segment.fileName),
    strayFiles: listing.strays,
    scan: archive.scan,
  };
}
