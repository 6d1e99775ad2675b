import { z } from 'zod';
import { request } from './define';
import type { ManagedClusterView } from '../domain/pitr';
import type { PortChange } from '../domain/sandbox';

const clusterId = z.object({ clusterId: z.string().min(1) });

/** Local clusters Tidemark manages: the sandbox and recovered copies, started and stopped as the invoking user. */
export const clusterRequests = {
  'clusters.list': request<ManagedClusterView[]>()(z.object({})),
  'clusters.get': request<ManagedClusterView>()(clusterId),
  /** Starts it (nothing to do when it runs); moves to a free port when another program took its own. */
  'clusters.start': request<ManagedClusterView & { portChange: PortChange | null }>()(clusterId),
  'clusters.stop': request<ManagedClusterView>()(clusterId),
  /**
   * Stops a recovered cluster and deletes its data directory, its folder and its profile.
   * `confirmName` must repeat the cluster's name. The sandbox is removed through its own page.
   */
  'clusters.remove': request<{ clusterId: string; removed: true }>()(clusterId.extend({ confirmName: z.string() })),
};
