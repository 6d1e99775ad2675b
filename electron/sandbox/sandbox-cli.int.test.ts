import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxStatus } from '../../shared/domain/sandbox';
import { appRootDir } from './sample-database';
import { removeHome, sandboxClient, temporaryHome } from './sandbox-fixture';

let root: string;
let home: string;

/** `npm test` builds before the suites run; a developer's checkout may hold an older bundle. */
async function ensureCliBuilt(): Promise<void> {
  const bundle = await stat(join(root, 'dist', 'cli', 'main.js')).catch(() => null);
  if (bundle && (await newestSourceMtime([join(root, 'electron'), join(root, 'shared')])) <= bundle.mtimeMs) return;
  await execa('node', ['scripts/build.mjs', '--node-only'], { cwd: root });
}

async function newestSourceMtime(dirs: string[]): Promise<number> {
  let newest = 0;
  for (const dir of dirs) {
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
    }
  }
  return newest;
}

function tidemark(...args: string[]) {
  return execa('node', [join(root, 'bin', 'tidemark.js'), ...args], { env: { TIDEMARK_HOME: home }, reject: false, timeout: 90_000 });
}

describe('tidemark sandbox (the CLI)', () => {
  beforeAll(async () => {
    root = await appRootDir();
    home = await temporaryHome();
    await ensureCliBuilt();
  });
  afterAll(async () => {
    await removeHome(home);
  });

  it('create --json prints the running sandbox as one JSON document, with progress on stderr', async () => {
    const result = await tidemark('sandbox', 'create', '--json');
    expect(result.exitCode, result.stderr).toBe(0);
    const status = JSON.parse(result.stdout) as SandboxStatus;
    expect(status).toMatchObject({ state: 'running', sampleDatabase: 'tidemark_sample', keepRunning: false });
    expect(result.stderr).toContain('[initdb]');
    expect(result.stderr).toContain('[sample database]');
    if (status.state === 'absent') return;
    const client = await sandboxClient(status.pgpassFile, status.port);
    try {
      expect((await client.query('select count(*)::int as n from orders')).rows[0].n).toBe(400);
    } finally {
      await client.end();
    }
  });

  it('status --json reads the same sandbox from another process; it is still running after create exited', async () => {
    const result = await tidemark('sandbox', 'status', '--json');
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ state: 'running', clusterId: 'sandbox' });
  });

  it('a second create fails with cluster_exists on stderr and a non-zero exit', async () => {
    const result = await tidemark('sandbox', 'create', '--json');
    expect(result.exitCode).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(JSON.parse(result.stderr).error.code).toBe('cluster_exists');
  });

  it('stop --json stops it, and status says so', async () => {
    const stopped = await tidemark('sandbox', 'stop', '--json');
    expect(stopped.exitCode, stopped.stderr).toBe(0);
    expect(JSON.parse(stopped.stdout).state).toBe('stopped');
    const status = await tidemark('sandbox', 'status');
    expect(status.exitCode).toBe(0);
    expect(status.stdout).toMatch(/^Sandbox: stopped/);
  });

  it('start prints where it runs, and leaves it running after the command exits', async () => {
    const started = await tidemark('sandbox', 'start');
    expect(started.exitCode, started.stderr).toBe(0);
    expect(started.stdout).toMatch(/^Sandbox: running \(PostgreSQL \d+\) on 127\.0\.0\.1:\d+/);
    expect(JSON.parse((await tidemark('sandbox', 'status', '--json')).stdout).state).toBe('running');
  });
});
