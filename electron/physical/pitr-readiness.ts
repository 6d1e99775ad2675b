import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupPoints, PitrReadiness } from '../../shared/domain/physical';
import { formatSegmentName, segmentBeforeLsn, segmentForLsn, segmentFromNumber, segmentNumber } from '../../shared/domain/wal';

/** The segments a base backup needs to become consistent: from its start LSN to its stop LSN. */
export function segmentsBetween(points: Pick<BackupPoints, 'startLsn' | 'stopLsn' | 'timeline'>, segmentSizeBytes: number): string[] {
  const first = segmentNumber(segmentForLsn(points.startLsn, points.timeline, segmentSizeBytes), segmentSizeBytes);
  const last = segmentNumber(segmentBeforeLsn(points.stopLsn, points.timeline, segmentSizeBytes), segmentSizeBytes);
  const names: string[] = [];
  for (let n = first; n <= last; n++) names.push(formatSegmentName(segmentFromNumber(points.timeline, n, segmentSizeBytes)));
  return names;
}

/**
 * A base backup can start a point-in-time recovery once every segment from its start to its stop
 * is at hand: inside the backup (-X stream puts them in pg_wal) or in the archive. Until then it
 * says which segments it waits for (the archiver may still be copying the last one).
 */
export async function pitrReadiness(points: BackupPoints, segmentSizeBytes: number, walIncluded: boolean, archiveDir: string | null): Promise<PitrReadiness> {
  const needed = segmentsBetween(points, segmentSizeBytes);
  const missing: string[] = [];
  if (archiveDir) {
    for (const name of needed) {
      if (
        !(await stat(join(archiveDir, name)).then(
          (s) => s.isFile(),
          () => false,
        ))
      )
        missing.push(name);
    }
  } else {
    missing.push(...needed);
  }
  const checkedAt = new Date().toISOString();
  if (walIncluded) return { usable: true, walSource: missing.length === 0 ? 'both' : 'backup', checkedAt };
  if (missing.length === 0) return { usable: true, walSource: 'archive', checkedAt };
  return {
    usable: false,
    waitingFor: missing,
    reason: archiveDir
      ? `Waiting for ${missing.length} segment(s) to reach the archive (${missing[0]}${missing.length > 1 ? ` … ${missing.at(-1)}` : ''}).`
      : 'The backup holds no WAL and the cluster has no archive in the repository.',
    checkedAt,
  };
}
