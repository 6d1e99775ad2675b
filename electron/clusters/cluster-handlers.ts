import type { clusterRequests } from '../../shared/contract/clusters';
import type { HandlersFor } from '../../shared/contract/handlers-for';
import type { ClusterService } from './cluster-service';

export function clusterHandlers(clusters: ClusterService): HandlersFor<typeof clusterRequests> {
  return {
    'clusters.list': () => clusters.list(),
    'clusters.get': ({ clusterId }) => clusters.view(clusterId),
    'clusters.start': ({ clusterId }) => clusters.start(clusterId),
    'clusters.stop': ({ clusterId }) => clusters.stop(clusterId),
    'clusters.remove': ({ clusterId, confirmName }) => clusters.removeRecovered(clusterId, confirmName),
  };
}
