import type { RecoveryRequestInput } from '../../../shared/domain/pitr';
import { readTarget, type TargetDraft } from '../../components/recovery/target-draft';

/** Which cluster's backups and archive: a saved connection, or a system identifier in the repository (the server may be gone). */
export type ClusterChoice = { kind: 'profile'; profileId: string } | { kind: 'repository'; systemIdentifier: string };

export type DestinationDraft =
  /** The default: a new data directory (empty: Tidemark's clusters folder) and a free port. */
  | { kind: 'new-directory'; dataDir: string; port: number | null }
  /** Replace a cluster Tidemark manages; its current data directory is moved aside. */
  | { kind: 'in-place'; clusterId: string | null; confirmName: string };

export interface RecoveryDraft {
  cluster: ClusterChoice | null;
  target: TargetDraft;
  /** null: the plan's choice (the latest backup that ended before the target). */
  backupId: string | null;
  destination: DestinationDraft;
  pauseForInspection: boolean;
}

export function sourceOf(cluster: ClusterChoice): RecoveryRequestInput['source'] {
  return cluster.kind === 'profile'
    ? { kind: 'server', server: { profileId: cluster.profileId } }
    : { kind: 'repository', systemIdentifier: cluster.systemIdentifier };
}

/**
 * The request for pitr.plan and pitr.start, or null while something it needs is missing. An
 * in-place destination needs the cluster and its typed name first: the services refuse to plan
 * a replacement nobody confirmed.
 */
export function recoveryRequestFor(draft: RecoveryDraft): RecoveryRequestInput | null {
  if (!draft.cluster) return null;
  const reading = readTarget(draft.target);
  if (reading.state !== 'ready') return null;
  let destination: RecoveryRequestInput['destination'];
  if (draft.destination.kind === 'in-place') {
    if (!draft.destination.clusterId || !draft.destination.confirmName.trim()) return null;
    destination = { kind: 'in-place', clusterId: draft.destination.clusterId, confirmName: draft.destination.confirmName };
  } else {
    const dataDir = draft.destination.dataDir.trim();
    destination = { kind: 'new-directory', ...(dataDir ? { dataDir } : {}), ...(draft.destination.port !== null ? { port: draft.destination.port } : {}) };
  }
  return {
    source: sourceOf(draft.cluster),
    target: reading.target,
    inclusive: reading.inclusive,
    ...(draft.backupId ? { backupId: draft.backupId } : {}),
    destination,
    pauseForInspection: draft.pauseForInspection,
  };
}
