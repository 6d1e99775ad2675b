import type { WalCleanupPlan, WalCleanupResult } from '../../../shared/domain/wal-archive';
import { formatBytes } from '../../../shared/format/bytes';

/** "1 file", "12 files". */
export function fileCount(count: number): string {
  return `${count.toLocaleString()} ${count === 1 ? 'file' : 'files'}`;
}

export interface KeptBackupRow {
  backupId: string;
  timeline: number;
  startSegment: string;
  /** Its start is the cleanup's cutoff: nothing from there on may go. */
  setsCutoff: boolean;
}

/** The kept base backups (oldest first, as the service lists them), the cutoff's marked. */
export function keptBackupRows(plan: Pick<WalCleanupPlan, 'keptBackups' | 'cutoffBackupId'>): KeptBackupRow[] {
  return plan.keptBackups.map((kept) => ({ ...kept, setsCutoff: kept.backupId === plan.cutoffBackupId }));
}

/** Why a preview deletes nothing (the service's reason, and what would change it); null when it deletes something. */
export function whyNothingToDelete(plan: WalCleanupPlan): { title: string; reason: string; whatNext: string } | null {
  if (plan.deleteCount > 0) return null;
  if (plan.keptBackups.length === 0) {
    return {
      title: 'No base backup yet, so all WAL is kept',
      reason: plan.reason ?? '',
      whatNext: 'Once a physical backup of this cluster is in the repository, the WAL archived before it starts is what a cleanup removes.',
    };
  }
  return {
    title: 'Nothing older than the oldest kept backup',
    reason: plan.reason ?? '',
    whatNext: `Recovery from ${plan.cutoffBackupId ?? plan.keptBackups[0]!.backupId} replays every segment archived since it started. Once it is deleted (retention), the WAL before the next backup becomes removable.`,
  };
}

/** How a cleanup went, in one line, and how alarming that is. */
export function cleanupOutcome(result: Pick<WalCleanupResult, 'deleteCount' | 'deleted' | 'freedBytes' | 'failures'>): {
  color: 'teal' | 'orange' | 'red';
  title: string;
} {
  const freed = formatBytes(result.freedBytes);
  if (result.failures.length === 0 && result.deleted === result.deleteCount) {
    return { color: 'teal', title: `Deleted ${fileCount(result.deleted)}, freed ${freed}` };
  }
  if (result.deleted === 0) {
    return { color: 'red', title: `Nothing was deleted: ${fileCount(result.failures.length)} could not be removed` };
  }
  const failed = result.failures.length > 0 ? `; ${fileCount(result.failures.length)} could not be removed` : '';
  return { color: 'orange', title: `Deleted ${result.deleted.toLocaleString()} of ${fileCount(result.deleteCount)}, freed ${freed}${failed}` };
}
