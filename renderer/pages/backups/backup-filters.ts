import type { BackupStatus, BackupSummary } from '../../../shared/domain/backup';

export interface BackupFilters {
  profileId: string | null;
  database: string | null;
  status: BackupStatus | null;
}

export const noFilters: BackupFilters = { profileId: null, database: null, status: null };

/**
 * Filtered in the page, not by the request: the whole history is already loaded for the filter
 * choices, and narrowing thousands of rows here answers at once.
 */
export function applyFilters(backups: readonly BackupSummary[], filters: BackupFilters): BackupSummary[] {
  return backups.filter(
    (backup) =>
      (filters.profileId === null || backup.profile?.id === filters.profileId) &&
      (filters.database === null || backup.database === filters.database) &&
      (filters.status === null || backup.status === filters.status),
  );
}

/** The choices each filter offers: only values the history holds, sorted. */
export function filterChoices(backups: readonly BackupSummary[]): { profiles: { value: string; label: string }[]; databases: string[] } {
  const profiles = new Map<string, string>();
  const databases = new Set<string>();
  for (const backup of backups) {
    if (backup.profile) profiles.set(backup.profile.id, backup.profile.name);
    if (backup.database !== null) databases.add(backup.database);
  }
  return {
    profiles: [...profiles.entries()].map(([value, label]) => ({ value, label })).sort((a, b) => a.label.localeCompare(b.label)),
    databases: [...databases].sort((a, b) => a.localeCompare(b)),
  };
}
