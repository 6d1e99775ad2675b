import type { ClusterRecoveries } from '../clusters/cluster-service';
import { clusterFolder } from '../clusters/managed-clusters';
import { oldDataDirsOf } from './old-data-dirs';
import { ensureSocketDir } from './recovered-cluster-access';
import { readRecoveryRecord } from './recovery-record';

/** What recovery knows of each managed cluster, for the clusters page (electron/clusters/cluster-service.ts). */
export const clusterRecoveries: ClusterRecoveries = {
  recordOf: (record) => readRecoveryRecord(clusterFolder(record)),
  oldDataDirsOf,
  ensureSocketDir,
};
