import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCluster, type TestCluster } from '../../test/harness/pg-cluster';
import { isClusterRunning, readManagedSettings } from './local-cluster';

describe('a local cluster made by the harness', () => {
  let cluster: TestCluster;
  beforeAll(async () => {
    cluster = await createTestCluster();
  });
  afterAll(async () => {
    await cluster?.destroy();
  });

  it('runs, accepts password connections over TCP and keeps its port in the managed settings', async () => {
    expect(await isClusterRunning(cluster.binaries, cluster.dataDir)).toBe(true);
    const rows = await cluster.query<{ port: string; checksums: string }>(
      "select current_setting('port') as port, current_setting('data_checksums') as checksums",
    );
    expect(rows[0]).toEqual({ port: String(cluster.port), checksums: 'on' });
    expect((await readManagedSettings(cluster.dataDir)).port).toBe(String(cluster.port));
  });

  it('stops and starts again', async () => {
    await cluster.stop();
    expect(await isClusterRunning(cluster.binaries, cluster.dataDir)).toBe(false);
    await cluster.start();
    expect(await isClusterRunning(cluster.binaries, cluster.dataDir)).toBe(true);
  });
});
