import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorPayload } from '../../../shared/domain/errors';
import type { ProfileView } from '../../../shared/domain/profile';
import type { ServerReport } from '../../../shared/domain/server';
import { createTestCluster, type TestCluster } from '../../../test/harness/pg-cluster';
import { createTestServices, type TestServices } from '../../../test/harness/test-services';
import { ensureCliBuilt, runTidemark } from '../../../test/harness/tidemark-cli';

describe('tidemark profile (the CLI)', () => {
  let cluster: TestCluster;
  let home: TestServices;
  const tidemark = (args: string[], options?: Parameters<typeof runTidemark>[2]) => runTidemark(home.home, args, options);
  const errorOf = (stderr: string) => (JSON.parse(stderr) as { error: ErrorPayload }).error;
  const paramsArgs = () => ['--host', '127.0.0.1', '--port', String(cluster.port), '--db', 'postgres', '--user', 'postgres'];

  beforeAll(async () => {
    [cluster, home] = await Promise.all([createTestCluster(), createTestServices(), ensureCliBuilt()]).then(([c, h]) => [c, h] as const);
  });
  afterAll(async () => {
    await cluster?.destroy();
    await home?.cleanup();
  });

  it('list --json is an empty array at first', async () => {
    const result = await tidemark(['profile', 'list', '--json']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    expect(JSON.parse(String(result.stdout))).toEqual([]);
  });

  it('add --password-stdin saves the profile, and the password only in the 0600 pgpass file', async () => {
    const result = await tidemark(['profile', 'add', 'prod', ...paramsArgs(), '--password-stdin', '--json'], { input: `${cluster.password}\n` });
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const view = JSON.parse(String(result.stdout)) as ProfileView;
    expect(view).toMatchObject({ name: 'prod', passwordSaved: true, summary: `127.0.0.1:${cluster.port}/postgres as postgres` });
    expect(await readFile(join(home.home, 'pgpass'), 'utf8')).toContain(`:postgres:postgres:${cluster.password}\n`);
    expect(await readFile(join(home.home, 'settings.json'), 'utf8')).not.toContain(cluster.password);
  });

  it('list says where saved passwords are kept: each profile in --json, a line for people', async () => {
    const listed = await tidemark(['profile', 'list', '--json']);
    expect((JSON.parse(listed.stdout) as ProfileView[]).map((v) => v.secretStorage)).toEqual(['pgpass-file']);
    const human = await tidemark(['profile', 'list']);
    expect(human.stdout).toContain(`Saved passwords are kept in ${join(home.home, 'pgpass')}, mode 0600 (TIDEMARK_SECRET_STORE=pgpass-file).`);
    // On Linux with no D-Bus session (a headless server): the same file, and why. (macOS and Windows always have their keychain.)
    if (process.platform !== 'linux') return;
    const headless = await tidemark(['profile', 'list'], {
      env: { TIDEMARK_SECRET_STORE: 'auto', DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home.home, 'no-bus')}` },
    });
    expect(headless.exitCode, headless.stderr).toBe(0);
    expect(headless.stdout).toMatch(/Saved passwords are kept in .*pgpass, mode 0600 \(no OS keychain: the Secret Service .* is not available: .*no-bus/);
  });

  it('test NAME --json prints the server report as one JSON document', async () => {
    const result = await tidemark(['profile', 'test', 'prod', '--json']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const report = JSON.parse(String(result.stdout)) as ServerReport;
    expect(report.facts.role).toMatchObject({ name: 'postgres', superuser: true });
    expect(report.facts.walLevel).toBe('replica');
    expect(report.readiness.logicalBackup.ready).toBe(true);
    expect(report.readiness.pointInTimeRecovery.missing.join(' ')).toContain('archive_mode is off');
  });

  it('test with no name uses the only profile and prints a readable report', async () => {
    const result = await tidemark(['profile', 'test']);
    expect(result.exitCode, String(result.stderr)).toBe(0);
    const out = String(result.stdout);
    expect(out).toContain('as postgres');
    expect(out).toMatch(/wal_level\s+replica/);
    expect(out).toMatch(/NOT READY\s+point-in-time recovery/);
    expect(out).toMatch(/ready\s+logical backups/);
  });

  it('test --conn takes a URI with PGPASSWORD, or a conninfo string with --password-stdin', async () => {
    const uri = await tidemark(['profile', 'test', '--conn', `postgresql://postgres@127.0.0.1:${cluster.port}/postgres`, '--json'], {
      env: { PGPASSWORD: cluster.password },
    });
    expect(uri.exitCode, String(uri.stderr)).toBe(0);
    expect((JSON.parse(String(uri.stdout)) as ServerReport).facts.currentDatabase).toBe('postgres');
    const conninfo = await tidemark(
      ['profile', 'test', '--conn', `host=127.0.0.1 port=${cluster.port} dbname=template1 user=postgres`, '--password-stdin', '--json'],
      { input: cluster.password },
    );
    expect(conninfo.exitCode, String(conninfo.stderr)).toBe(0);
    expect((JSON.parse(String(conninfo.stdout)) as ServerReport).facts.currentDatabase).toBe('template1');
  });

  it('a wrong saved password fails with exit 1, auth_failed on stderr and nothing on stdout; --replace fixes it', async () => {
    await tidemark(['profile', 'add', 'bad', ...paramsArgs(), '--password-stdin'], { input: 'not-the-password' });
    const failed = await tidemark(['profile', 'test', 'bad', '--json']);
    expect(failed.exitCode).toBe(1);
    expect(String(failed.stdout)).toBe('');
    expect(errorOf(String(failed.stderr))).toMatchObject({ code: 'auth_failed' });
    expect(String(failed.stderr)).not.toContain('not-the-password');

    const human = await tidemark(['profile', 'test', 'bad']);
    expect(human.exitCode).toBe(1);
    expect(String(human.stderr)).toMatch(/^error: Password authentication failed .*\nhint: /);

    const replaced = await tidemark(['profile', 'add', 'bad', ...paramsArgs(), '--replace', '--password-stdin'], { input: cluster.password });
    expect(replaced.exitCode, String(replaced.stderr)).toBe(0);
    expect((await tidemark(['profile', 'test', 'bad'])).exitCode).toBe(0);
  });

  it('a missing database and a closed port get their own codes', async () => {
    const noDb = await tidemark(['profile', 'test', '--conn', `postgresql://postgres@127.0.0.1:${cluster.port}/nope`, '--json'], {
      env: { PGPASSWORD: cluster.password },
    });
    expect(noDb.exitCode).toBe(1);
    expect(errorOf(String(noDb.stderr))).toMatchObject({ code: 'database_not_found' });
    const closed = await tidemark(['profile', 'test', '--conn', 'postgresql://postgres@127.0.0.1:1/postgres', '--json']);
    expect(errorOf(String(closed.stderr))).toMatchObject({ code: 'connection_refused' });
  });

  it('bad input exits 2: no server named among several profiles, incomplete add; a duplicate name is a conflict', async () => {
    const unnamed = await tidemark(['profile', 'test', '--json']);
    expect(unnamed.exitCode).toBe(2);
    expect(errorOf(String(unnamed.stderr))).toMatchObject({ code: 'invalid_input' });
    const incomplete = await tidemark(['profile', 'add', 'half', '--host', 'h', '--json']);
    expect(incomplete.exitCode).toBe(2);
    expect(errorOf(String(incomplete.stderr)).message).toContain('--db, --user');
    const duplicate = await tidemark(['profile', 'add', 'PROD', ...paramsArgs(), '--json']);
    expect(duplicate.exitCode).toBe(1);
    expect(errorOf(String(duplicate.stderr))).toMatchObject({ code: 'conflict' });
  });

  it('remove deletes the profile and its password; removing it again is not_found', async () => {
    const removed = await tidemark(['profile', 'remove', 'bad', '--json']);
    expect(removed.exitCode, String(removed.stderr)).toBe(0);
    expect(JSON.parse(String(removed.stdout))).toMatchObject({ removed: true, name: 'bad' });
    const pgpass = await readFile(join(home.home, 'pgpass'), 'utf8');
    expect(pgpass.split('\n').filter((line) => line && !line.startsWith('#'))).toHaveLength(1);
    const again = await tidemark(['profile', 'remove', 'bad', '--json']);
    expect(again.exitCode).toBe(1);
    expect(errorOf(String(again.stderr))).toMatchObject({ code: 'not_found' });
    const list = JSON.parse(String((await tidemark(['profile', 'list', '--json'])).stdout)) as ProfileView[];
    expect(list.map((p) => p.name)).toEqual(['prod']);
  });
});
