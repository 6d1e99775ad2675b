import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ManagedClusterView, RecoveryResult, RestorePointResult } from '../../shared/domain/pitr';
import type { SandboxStatus } from '../../shared/domain/sandbox';
import { call } from '../api/local-api';
import { appRootDir } from '../sandbox/sample-database';
import { createSandboxAndWait, openTidemark, removeHome, sandboxClient, temporaryHome, type TidemarkOnHome } from '../../test/support/sandbox-fixture';
import { physicalBackup } from '../../test/support/pitr-test-fixture';

let root: string;
let home: string;
let tidemark: TidemarkOnHome;
let sandbox: Extract<SandboxStatus, { state: 'running' | 'stopped' }>;

/** `npm test` builds before the suites run; a checkout may hold an older bundle. */
async function buildCli(): Promise<void> {
  await execa('node', ['scripts/build.mjs', '--node-only'], { cwd: root });
}

function tidemarkCli(...args: string[]) {
  return execa('node', [join(root, 'bin', 'tidemark.js'), ...args], { env: { TIDEMARK_HOME: home }, reject: false, timeout: 110_000 });
}

async function sandboxRows(sql: string): Promise<Record<string, unknown>[]> {
  const client = await sandboxClient(sandbox.pgpassFile, sandbox.port);
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('tidemark pitr, clusters and restore-point (the CLI), and in-place recovery of the sandbox', () => {
  beforeAll(async () => {
    root = await appRootDir();
    home = await temporaryHome();
    await buildCli();
    tidemark = openTidemark(home);
    const created = await createSandboxAndWait(tidemark);
    expect(created.state.status).toBe('succeeded');
    const status = await call(tidemark.api, 'sandbox.status', {});
    if (status.state === 'absent') throw new Error('no sandbox');
    sandbox = status;
    // The sandbox archives with basic_archive into the repository from the start.
    const backup = await physicalBackup(tidemark.api, tidemark.services, status.profileId!);
    expect(backup.backup.pitr).toMatchObject({ usable: true });
  });
  afterAll(async () => {
    await removeHome(home);
  });

  it('restore-point NAME, then the table is dropped; pitr --target-name recovers it from the repository alone, with row counts', async () => {
    const point = await tidemarkCli('restore-point', 'before drop', '--profile', 'Sandbox', '--json');
    expect(point.exitCode, point.stderr).toBe(0);
    expect(JSON.parse(point.stdout) as RestorePointResult).toMatchObject({ name: 'before drop', archived: true });

    await sandboxRows('drop table order_items, orders cascade');
    await sandboxRows('select pg_switch_wal()');

    const dataDir = join(home, 'recovered-copy');
    const result = await tidemarkCli('pitr', '--target-name', 'before drop', '--data-dir', dataDir, '--json');
    expect(result.exitCode, result.stderr).toBe(0);
    const recovered = JSON.parse(result.stdout) as { kind: 'result'; result: RecoveryResult };
    expect(recovered.result).toMatchObject({ end: { state: { kind: 'promoted' } }, inRecovery: false, dataDir });
    expect(recovered.result.tables).toContainEqual(expect.objectContaining({ database: 'tidemark_sample', table: 'orders', rows: 400 }));
    // Progress and the server's own log lines go to stderr; stdout is the one JSON document.
    expect(result.stderr).toContain('[replaying]');
    expect(result.stderr).toMatch(/recovery stopping at restore point "before drop"/);

    const list = await tidemarkCli('clusters', 'list', '--json');
    const views = JSON.parse(list.stdout) as ManagedClusterView[];
    expect(views.find((v) => v.id === recovered.result.clusterId)).toMatchObject({ role: 'recovered', state: 'running', port: recovered.result.port });

    // It keeps running after the CLI exited; remove needs the name.
    const refused = await tidemarkCli('clusters', 'remove', recovered.result.clusterId, '--confirm', 'nope');
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toMatch(/type its name exactly/);
    const removed = await tidemarkCli('clusters', 'remove', recovered.result.clusterId, '--confirm', recovered.result.clusterName);
    expect(removed.exitCode, removed.stderr).toBe(0);
    expect(await stat(dataDir).catch(() => null)).toBeNull();
  });

  it('refuses a time without a zone, and reads one with --time-zone, saying which instant it chose', async () => {
    const naive = await tidemarkCli('pitr', '--target-time', '2026-11-21 14:31', '--data-dir', join(home, 'x'));
    expect(naive.exitCode).toBe(2);
    expect(naive.stderr).toMatch(/no UTC offset or time zone/);
    const planned = await tidemarkCli('pitr', '--target-time', '2099-07-01 14:31', '--time-zone', 'Europe/Paris', '--data-dir', join(home, 'x'), '--plan');
    // Far in the future: beyond the archive, refused before anything starts.
    expect(planned.exitCode).toBe(1);
    expect(planned.stderr).toMatch(/Recovery ended before the target was reached|archive stops/);
    expect(await stat(join(home, 'x')).catch(() => null)).toBeNull();
  });

  it('pitr --in-place --confirm Sandbox replaces the sandbox and keeps its old data directory', async () => {
    const wrong = await tidemarkCli('pitr', '--target-name', 'before drop', '--in-place', '--confirm', 'sandbox');
    expect(wrong.exitCode).not.toBe(0);
    expect(wrong.stderr).toMatch(/type|name/);

    const result = await tidemarkCli('pitr', '--target-name', 'before drop', '--in-place', '--confirm', 'Sandbox', '--json');
    expect(result.exitCode, result.stderr).toBe(0);
    const recovered = (JSON.parse(result.stdout) as { result: RecoveryResult }).result;
    expect(recovered).toMatchObject({ clusterId: 'sandbox', dataDir: sandbox.dataDir, port: sandbox.port });
    expect(recovered.previousDataDir).toMatch(/data\.old-\d{8}T\d{6}Z$/);
    // The sandbox's own profile and password still work, and the table is back.
    expect(await sandboxRows('select count(*)::int as n from orders')).toEqual([{ n: 400 }]);
    // The old data directory is kept (with the drop in it), and listed.
    expect(await readdir(recovered.previousDataDir!)).toContain('PG_VERSION');
    const app = openTidemark(home);
    const old = await call(app.api, 'oldDataDirs.list', { clusterId: 'sandbox' });
    expect(old.map((dir) => dir.path)).toEqual([recovered.previousDataDir]);

    // Put the old one back: the recovered data goes aside in its turn, never deleted.
    await expect(call(app.api, 'oldDataDirs.restore', { clusterId: 'sandbox', path: old[0]!.path, confirmName: 'sandbox' })).rejects.toMatchObject({
      code: 'confirmation_required',
    });
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a new name: the aside folder is named to the second
    const aside = await call(app.api, 'oldDataDirs.restore', { clusterId: 'sandbox', path: old[0]!.path, confirmName: 'Sandbox' });
    expect(aside.path).not.toBe(old[0]!.path);
    expect(await sandboxRows("select to_regclass('orders') as t")).toEqual([{ t: null }]);
    const now = await call(app.api, 'oldDataDirs.list', {});
    expect(now.map((dir) => dir.path)).toEqual([aside.path]);
    expect(await call(app.api, 'oldDataDirs.delete', { clusterId: 'sandbox', path: aside.path, confirmName: 'Sandbox' })).toEqual({
      path: aside.path,
      deleted: true,
    });
    expect(await call(app.api, 'oldDataDirs.list', {})).toEqual([]);
  });
});
