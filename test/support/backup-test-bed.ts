import type { TidemarkApi } from '../../shared/contract';
import { createHandlers } from '../../electron/api/handlers';
import { call, createLocalApi } from '../../electron/api/local-api';
import { createTestCluster, type TestCluster, type TestClusterOptions } from '../harness/pg-cluster';
import type { Clock } from '../../electron/scheduler/schedule-runner';
import { createTestServices, type TestServices } from '../harness/test-services';

// Test support for the backup and restore integration tests: one real cluster, services on a
// fresh home, the in-process API, and a saved profile (with its password) for the cluster.
export interface BackupTestBed {
  cluster: TestCluster;
  ctx: TestServices;
  api: TidemarkApi;
  profileId: string;
  destroy(): Promise<void>;
}

/** `clock`: the services' clock, for tests that move time (TTLs, schedules) by hand. */
export async function createBackupTestBed(options: TestClusterOptions & { clock?: Clock } = {}): Promise<BackupTestBed> {
  const { clock, ...clusterOptions } = options;
  const [cluster, ctx] = await Promise.all([createTestCluster(clusterOptions), createTestServices({ clock })]);
  const api = createLocalApi(ctx.services, createHandlers(ctx.services));
  const profile = await saveClusterProfile(api, cluster, 'harness');
  return {
    cluster,
    ctx,
    api,
    profileId: profile.id,
    async destroy() {
      await cluster.destroy();
      await ctx.cleanup();
    },
  };
}

/** Saves a profile (with its password) for the cluster's postgres database, on loopback. */
export function saveClusterProfile(api: TidemarkApi, cluster: TestCluster, name: string) {
  return call(api, 'profiles.save', {
    name,
    target: { kind: 'params', host: '127.0.0.1', port: cluster.port, database: 'postgres', user: 'postgres', sslmode: 'disable' },
    password: cluster.password,
  });
}
