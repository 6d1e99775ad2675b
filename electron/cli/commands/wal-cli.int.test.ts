import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCluster, type TestCluster } from '../../../test/harness/pg-cluster';
import { createTestServices, type TestServices } from '../../../test/harness/test-services';
import { addCliProfile, ensureCliBuilt, runTidemark } from '../../../test/harness/tidemark-cli';

describe('tidemark archive / backup physical / wal (the CLI)', () => {
  let cluster: TestCluster;
  let home: TestServices;
  let repo: string;
  const tidemark = (args: string[]) => runTidemark(home.home, [...args, '--repo', repo]);
  const json = <T>(result: { stdout: string; stderr: string; exitCode: number }): T => {
    expect(result.exitCode, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as T;
  };

  beforeAll(async () => {
    [cluster, home] = await Promise.all([createTestCluster({ settings: { archive_mode: 'on' } }), createTestServices(), ensureCliBuilt()]).then(
      ([c, h]) => [c, h] as const,
    );
    repo = join(home.home, 'repo');
    await addCliProfile(home.home, 'prod', cluster);
  });
  afterAll(async () => {
    await cluster?.destroy();
    await home?.cleanup();
  });

  it('archive setup shows the plan; --apply applies and verifies it', async () => {
    const plan = await tidemark(['archive', 'setup']);
    expect(plan.exitCode, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/basic_archive/);
    expect(plan.stdout).toMatch(/Why not the runbooks' command: .*fsync/);
    expect(plan.stdout).toMatch(/--apply/);
    const applied = json<{ result: { verification: { status: string } } }>(await tidemark(['archive', 'setup', '--apply', '--json']));
    expect(applied.result.verification.status).toBe('works');
  });

  it('archive status prints the archiver and no warnings', async () => {
    const status = await tidemark(['archive', 'status']);
    expect(status.exitCode, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/archived [1-9]/);
    expect(status.stdout).toMatch(/No warnings\./);
  });

  it('backup physical takes a verified base backup; wal list, show, window and cleanup read the archive', async () => {
    const backup = await tidemark(['backup', 'physical', '--format', 'plain', '--compress', 'server-lz4', '--label', 'from the CLI', '--json']);
    const result = json<{ backup: { id: string; points: { startLsn: string; stopLsn: string }; verification: { status: string } } }>(backup);
    expect(result.backup.verification.status).toBe('passed');
    expect(result.backup.points.startLsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(backup.stderr).toMatch(/\[copying\]|\[verifying\]/);

    await cluster.query("insert into pg_catalog.pg_description select 0, 0, 0, 'x' where false; select pg_switch_wal()");
    const listed = json<{ summary: { segmentCount: number; gaps: unknown[] }; page: { segments: { name: string; startLsn: string }[] } }>(
      await tidemark(['wal', 'list', '--last', '--limit', '5', '--json']),
    );
    expect(listed.summary.segmentCount).toBeGreaterThan(0);
    expect(listed.summary.gaps).toEqual([]);
    const last = listed.page.segments.at(-1)!;
    expect(last.startLsn).toMatch(/\//);

    const human = await tidemark(['wal', 'list']);
    expect(human.stdout).toMatch(/timeline 1: \d+ segments/);
    const shown = await tidemark(['wal', 'show', last.name]);
    expect(shown.exitCode, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/RESOURCE MANAGER/);

    const window = await tidemark(['wal', 'window']);
    expect(window.exitCode, window.stderr).toBe(0);
    expect(window.stdout).toMatch(new RegExp(`timeline 1: .* from backup ${result.backup.id}`));

    const dryRun = await tidemark(['wal', 'cleanup', '--dry-run']);
    expect(dryRun.exitCode, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toMatch(/Would delete \d+ file|Nothing precedes/);
  });

  it('asks which cluster when the repository holds several and no server is named', async () => {
    await mkdir(join(repo, 'wal', '1234'), { recursive: true });
    const ambiguous = await runTidemark(home.home, ['wal', 'list', '--repo', repo]);
    expect(ambiguous.exitCode).not.toBe(0);
    expect(ambiguous.stderr).toMatch(/holds the WAL of 2 clusters/);
    expect(ambiguous.stderr).toMatch(/--cluster/);
    expect((await runTidemark(home.home, ['wal', 'list', '--repo', repo, '--profile', 'prod'])).exitCode).toBe(0);
    const other = await runTidemark(home.home, ['wal', 'window', '--repo', repo, '--cluster', '1234']);
    expect(other.exitCode, other.stderr).toBe(0);
    expect(other.stdout).toMatch(/no physical base backup/);
  });
});
