import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/**
 * The repository folder is the source of truth for backups: delete the app's settings and the
 * history is still there; point a second machine at it and it sees the same backups.
 *
 *   <repo>/backups/<backupId>/manifest.json   one folder per backup, logical or physical
 *   <repo>/backups/.tmp-<backupId>/           a backup being written (never looks complete)
 *   <repo>/backups/.trash-<backupId>/         a backup being deleted (renamed first, so it vanishes at once)
 *   <repo>/wal/<systemIdentifier>/            archived WAL, per cluster so servers never mix
 *   <repo>/restore-points/<systemIdentifier>.json   restore points Tidemark created, with their LSNs
 *   <repo>/holds/<backupId>.<pid>-<random>.json     a restore or recovery reading that backup (retention leaves it)
 *   <repo>/pins.json                                 backups pinned against retention, forever or through a date
 *   <repo>/retention-history.jsonl                   what each retention run deleted, one JSON line per run
 *   <repo>/.retention-catalog                        what retention read of each manifest, with its stat (a cache, rebuilt when missing)
 */
export interface RepositoryLayout {
  root: string;
  backupsDir: string;
  backupDir(backupId: string): string;
  /** Where a backup is written before it is complete; renamed to backupDir() at the end. */
  pendingBackupDir(backupId: string): string;
  manifestFile(backupId: string): string;
  walDir(systemIdentifier: string): string;
  restorePointsFile(systemIdentifier: string): string;
  holdsDir: string;
  pinsFile: string;
  /** Each profile's stored retention policy. */
  retentionPoliciesFile: string;
  retentionHistoryFile: string;
  retentionCatalogFile: string;
}

export const pendingPrefix = '.tmp-';
export const trashPrefix = '.trash-';

/**
 * A new backup id: its UTC start time to the millisecond (so ids sort by age, on every machine
 * sharing the folder, even for backups started within one second) and 24 random bits (so two
 * backups started in the same millisecond never collide).
 */
export function newBackupId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export function repositoryLayout(root: string): RepositoryLayout {
  const backupsDir = join(root, 'backups');
  return {
    root,
    backupsDir,
    backupDir: (backupId) => join(backupsDir, backupId),
    pendingBackupDir: (backupId) => join(backupsDir, pendingPrefix + backupId),
    manifestFile: (backupId) => join(backupsDir, backupId, 'manifest.json'),
    walDir: (systemIdentifier) => join(root, 'wal', systemIdentifier),
    restorePointsFile: (systemIdentifier) => join(root, 'restore-points', `${systemIdentifier}.json`),
    holdsDir: join(root, 'holds'),
    pinsFile: join(root, 'pins.json'),
    retentionPoliciesFile: join(root, 'retention-policies.json'),
    retentionHistoryFile: join(root, 'retention-history.jsonl'),
    retentionCatalogFile: join(root, '.retention-catalog'),
  };
}
