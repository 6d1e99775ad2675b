import { join } from 'node:path';
import type { ListedFile } from '../../shared/domain/backup';
import type { PlannedBaseBackup } from '../../shared/domain/pitr';
import { isCompletePhysical, type CompletePhysicalFacts, type PhysicalManifest } from '../../shared/domain/physical';
import { listPhysicalBackups } from '../repository/physical-manifests';
import type { RepositoryLayout } from '../repository/layout';

/** A complete physical backup, with where its files are: what a recovery starts from. */
export interface RecoverableBaseBackup {
  manifest: PhysicalManifest & { physical: CompletePhysicalFacts };
  id: string;
  /** The backup's folder in the repository (file paths are relative to it). */
  dir: string;
  /** The folder pg_basebackup wrote (its -D): base.tar[.ext] and pg_wal.tar, or a plain data directory. */
  dataDir: string;
  /** Files with their recorded SHA-256 (none for a tar of the data), relative to the backup folder. */
  files: ListedFile[];
  view: PlannedBaseBackup;
}

/** The data directory's archive in a tar backup (base.tar, base.tar.zst, …). */
export const baseTarPattern = /(^|\/)base\.tar(\.(gz|lz4|zst))?$/;
/** The WAL pg_basebackup -X stream wrote into a tar backup. */
export const walTarPattern = /(^|\/)pg_wal\.tar(\.(gz|lz4|zst))?$/;
/** A tablespace's archive, <oid>.tar[.ext]. */
export const tablespaceTarPattern = /(^|\/)\d+\.tar(\.(gz|lz4|zst))?$/;

export function compressionOfFile(path: string): 'gzip' | 'lz4' | 'zstd' | null {
  if (path.endsWith('.gz')) return 'gzip';
  if (path.endsWith('.lz4')) return 'lz4';
  if (path.endsWith('.zst')) return 'zstd';
  return null;
}

/** Complete physical backups of one cluster, newest first, and folders that could not be read as one. */
export async function recoverableBackups(
  layout: RepositoryLayout,
  systemIdentifier: string,
): Promise<{ backups: RecoverableBaseBackup[]; incomplete: PhysicalManifest[]; unreadable: { id: string; problem: string }[] }> {
  const { backups, unreadable } = await listPhysicalBackups(layout, systemIdentifier);
  const complete: RecoverableBaseBackup[] = [];
  const incomplete: PhysicalManifest[] = [];
  for (const manifest of backups) {
    if (!isCompletePhysical(manifest)) {
      incomplete.push(manifest);
      continue;
    }
    complete.push({
      manifest,
      id: manifest.id,
      dir: layout.backupDir(manifest.id),
      dataDir: join(layout.backupDir(manifest.id), ...manifest.physical.dataPath.split('/').filter(Boolean)),
      files: manifest.files,
      view: plannedView(manifest),
    });
  }
  return { backups: complete, incomplete, unreadable };
}

function plannedView(manifest: PhysicalManifest & { physical: CompletePhysicalFacts }): PlannedBaseBackup {
  const { physical } = manifest;
  const base = manifest.files.find((file) => baseTarPattern.test(file.path));
  const status = physical.verification.status;
  return {
    id: manifest.id,
    label: physical.label || null,
    timeline: physical.points.timeline,
    startLsn: physical.points.startLsn,
    stopLsn: physical.points.stopLsn,
    startTime: physical.points.startTime,
    stopTime: physical.points.stopTime,
    format: physical.format,
    compression: base ? compressionOfFile(base.path) : null,
    walIncluded: physical.walIncluded,
    sizeBytes: manifest.totalBytes,
    verification: status === 'passed' ? 'passed' : status === 'failed' ? 'failed' : 'not-checked',
  };
}
