import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCluster, type TestCluster } from '../../../test/harness/pg-cluster';
import { createTestServices, type TestServices } from '../../../test/harness/test-services';
import { addCliProfile, ensureCliBuilt, jsonOf, runTidemark } from '../../../test/harness/tidemark-cli';
import type { HealthReport } from './health';

describe('tidemark health (the CLI)', () => {
  let cluster: TestCluster;
  let home: TestServices;
  const tidemark = (args: string[]) => runTidemark(home.home, args);

  beforeAll(async () => {
    [cluster, home] = await Promise.all([createTestCluster(), createTestServices(), ensureCliBuilt()]).then(([c, h]) => [c, h] as const);
    await addCliProfile(home.home, 'prod', cluster);
  }, 120_000);

  afterAll(async () => {
    await cluster?.destroy();
    await home?.cleanup();
  });

  it('reports the checks asked for and exits 0 when they are green', async () => {
    const run = await tidemark(['health', '--profile', 'prod', '--check', 'connections', '--check', 'xid-wraparound', '--json']);
    expect(run.exitCode).toBe(0);
    const report = jsonOf<HealthReport>(run);
    expect(report.checks.map((c) => c.name)).toEqual(['connections', 'xid-wraparound']);
    expect(report.state).toBe('green');
    expect(report.server!.superuser).toBe(true);
    const human = await tidemark(['health', '--profile', 'prod']);
    expect(human.stdout).toMatch(/xid-wraparound\s+green/);
  });

  it('refuses an unknown check and exits 2 naming a server that is down', async () => {
    const typo = await tidemark(['health', '--profile', 'prod', '--check', 'conections']);
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain('Unknown check conections');
    await cluster.stop('immediate');
    const down = await tidemark(['health', '--profile', 'prod', '--json']);
    expect(down.exitCode).toBe(2);
    const report = JSON.parse(down.stdout) as HealthReport;
    expect(report.down!.code).toBe('connection_refused');
    expect(report.state).toBe('red');
  });
});
