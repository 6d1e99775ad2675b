import type { clusterRequests } from '../../shared/contract/clusters';
import type { HandlersFor } from '../api/handlers-for';
import type { Services } from '../api/services';
import { clusterView, listClusterViews, removeRecoveredCluster, startManagedCluster, stopManagedCluster } from './managed-cluster-views';

export function clusterHandlers(services: Services): HandlersFor<typeof clusterRequests> {
  return {
    'clusters.list': () => listClusterViews(services),
    'clusters.get': ({ clusterId }) => clusterView(services, clusterId),
    'clusters.start': ({ clusterId }) => startManagedCluster(services, clusterId),
    'clusters.stop': ({ clusterId }) => stopManagedCluster(services, clusterId),
    'clusters.remove': ({ clusterId, confirmName }) => removeRecoveredCluster(services, clusterId, confirmName),
  };
}
