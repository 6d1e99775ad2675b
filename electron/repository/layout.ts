import { join } from 'node:path';

/**
 * The repository folder is the source of truth for backups: delete the app's settings and the
 * history is still there; point a second machine at it and it sees the same backups.
 *
 *   <repo>/backups/<backupId>/manifest.json   one folder per backup, logical or physical
 *   <repo>/backups/.tmp-<backupId>/           a backup being written (never looks complete)
 *   <repo>/wal/<systemIdentifier>/            archived WAL, per cluster so servers never mix
 */
export interface RepositoryLayout {
  root: string;
  backupsDir: string;
  backupDir(backupId: string): string;
  /** Where a backup is written before it is complete; renamed to backupDir() at the end. */
  pendingBackupDir(backupId: string): string;
  manifestFile(backupId: string): string;
  walDir(systemIdentifier: string): string;
}

export const pendingPrefix = '.tmp-';

export function repositoryLayout(root: string): RepositoryLayout {
  const backupsDir = join(root, 'backups');
  return {
    root,
    backupsDir,
    backupDir: (backupId) => join(backupsDir, backupId),
    pendingBackupDir: (backupId) => join(backupsDir, pendingPrefix + backupId),
    manifestFile: (backupId) => join(backupsDir, backupId, 'manifest.json'),
    walDir: (systemIdentifier) => join(root, 'wal', systemIdentifier),
  };
}
