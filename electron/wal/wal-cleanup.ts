import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { WalCleanupPlan, WalCleanupResult } from '../../shared/domain/wal-archive';
import { compareSegmentPositions, formatSegmentName, parseArchiveFileName, segmentForLsn } from '../../shared/domain/wal';
import { isCompletePhysical, type PhysicalManifest } from '../../shared/domain/physical';
import type { OpenedArchive } from './wal-archive';

const sampleSize = 20;

/**
 * Which archived WAL no kept base backup needs, with pg_archivecleanup's rule: every segment
 * (of any timeline) whose position precedes the oldest kept backup's start segment, and the
 * `.partial` and `.backup` files before it. History files are always kept: they are tiny, and
 * recovery onto any later timeline reads all of them.
 */
export function planWalCleanup(archive: OpenedArchive, backups: readonly PhysicalManifest[]): { plan: WalCleanupPlan; files: string[] } {
  const size = archive.listing.segmentSizeBytes;
  const kept = backups
    .filter(isCompletePhysical)
    .map((backup) => ({
      backupId: backup.id,
      timeline: backup.physical.points.timeline,
      start: segmentForLsn(backup.physical.points.startLsn, backup.physical.points.timeline, size),
    }))
    .sort((a, b) => compareSegmentPositions(a.start, b.start));
  const base: WalCleanupPlan = {
    systemIdentifier: archive.systemIdentifier,
    archiveDir: archive.archiveDir,
    keptBackups: kept.map((k) => ({ backupId: k.backupId, startSegment: formatSegmentName(k.start), timeline: k.timeline })),
    oldestNeededSegment: null,
    cutoffBackupId: null,
    deleteCount: 0,
    deleteBytes: 0,
    deleteSample: [],
    firstDeleted: null,
    lastDeleted: null,
    keepCount: archive.index.files.size,
    reason: null,
  };
  if (kept.length === 0) {
    return {
      plan: {
        ...base,
        reason: 'No complete physical backup of this cluster is in the repository, so no archived WAL can be said to be unneeded; nothing is deleted.',
      },
      files: [],
    };
  }
  const cutoff = kept[0]!;
  const oldest = cutoff.start;
  const files: string[] = [];
  let deleteBytes = 0;
  for (const [fileName, file] of archive.index.files) {
    const parsed = parseArchiveFileName(fileName, size);
    if (!parsed || parsed.kind === 'history') continue;
    if (compareSegmentPositions(parsed.segment, oldest) < 0) {
      files.push(fileName);
      deleteBytes += file.sizeBytes;
    }
  }
  files.sort();
  return {
    plan: {
      ...base,
      oldestNeededSegment: formatSegmentName(oldest),
      cutoffBackupId: cutoff.backupId,
      deleteCount: files.length,
      deleteBytes,
      deleteSample: files.slice(0, sampleSize),
      firstDeleted: files[0] ?? null,
      lastDeleted: files.at(-1) ?? null,
      keepCount: archive.index.files.size - files.length,
      reason: files.length === 0 ? `Nothing precedes ${formatSegmentName(oldest)}, the start of the oldest kept backup.` : null,
    },
    files,
  };
}

/** Deletes what planWalCleanup chose, oldest first, so an interruption never leaves a hole in the middle. */
export async function runWalCleanup(archive: OpenedArchive, backups: readonly PhysicalManifest[], signal?: AbortSignal): Promise<WalCleanupResult> {
  const { plan, files } = planWalCleanup(archive, backups);
  return { ...plan, ...(await deleteArchivedFiles(archive, files, signal)) };
}

/**
 * Deletes archived files in the order given (oldest first, so an interruption leaves no hole in the
 * middle), telling the index each time, and saves the index. Failures are listed, not thrown.
 */
export async function deleteArchivedFiles(
  archive: Pick<OpenedArchive, 'archiveDir' | 'index'>,
  files: readonly string[],
  signal?: AbortSignal,
): Promise<Pick<WalCleanupResult, 'deleted' | 'freedBytes' | 'failures'>> {
  const result: Pick<WalCleanupResult, 'deleted' | 'freedBytes' | 'failures'> = { deleted: 0, freedBytes: 0, failures: [] };
  for (const fileName of files) {
    if (signal?.aborted) break;
    const sizeBytes = archive.index.files.get(fileName)?.sizeBytes ?? 0;
    try {
      await rm(join(archive.archiveDir, fileName));
      archive.index.forget(fileName);
      result.deleted += 1;
      result.freedBytes += sizeBytes;
    } catch (error) {
      result.failures.push({ fileName, message: (error as Error).message });
    }
  }
  await archive.index.save();
  return result;
}
