import { join } from 'node:path';
import type { TidemarkApi } from '../../shared/contract';
import { createHandlers } from '../../electron/api/handlers';
import { call, createLocalApi } from '../../electron/api/local-api';
import type { TestCluster } from '../harness/pg-cluster';
import { createTestServices, type TestServices } from '../harness/test-services';

// Test support: services on a fresh home, the in-process API, and a profile for a harness cluster
// whose repository is <home>/repo.
export interface ClusterApi {
  ctx: TestServices;
  api: TidemarkApi;
  profileId: string;
  repositoryDir: string;
}

export async function apiForCluster(cluster: TestCluster): Promise<ClusterApi> {
  const ctx = await createTestServices();
  const api = createLocalApi(ctx.services, createHandlers(ctx.services));
  const repositoryDir = join(ctx.home, 'repo');
  const profile = await call(api, 'profiles.save', {
    name: 'harness',
    target: { kind: 'params', host: '127.0.0.1', port: cluster.port, database: 'postgres', user: 'postgres', sslmode: 'disable' },
    password: cluster.password,
    repositoryDir,
  });
  return { ctx, api, profileId: profile.id, repositoryDir };
}
