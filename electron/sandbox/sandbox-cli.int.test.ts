import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxStatus } from '../../shared/domain/sandbox';
import { ensureCliBuilt, runTidemark } from '../../test/harness/tidemark-cli';
import { removeHome, sandboxClient, temporaryHome } from '../../test/support/sandbox-fixture';

let home: string;

function tidemark(...args: string[]) {
  return runTidemark(home, args);
}

describe('tidemark sandbox (the CLI)', () => {
  beforeAll(async () => {
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
