import { readdir, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxClusterId, type SandboxStatus } from '../../shared/domain/sandbox';
import { call } from '../api/local-api';
import { stopClustersOnQuit } from '../clusters/managed-clusters';
import { ProfileStore } from '../profiles/profile-store';
import { createSandboxAndWait, openTidemark, removeHome, sandboxClient, temporaryHome, type TidemarkOnHome } from '../../test/support/sandbox-fixture';

type Present = Extract<SandboxStatus, { state: 'running' | 'stopped' }>;

function present(status: SandboxStatus): Present {
  if (status.state === 'absent') throw new Error(`expected a sandbox, got absent: ${status.reason ?? ''}`);
  return status;
}

describe('the sandbox, created through the API', () => {
  let home: string;
  let tidemark: TidemarkOnHome;
  let created: Present;

  beforeAll(async () => {
    home = await temporaryHome();
    tidemark = openTidemark(home);
  });
  afterAll(async () => {
    await removeHome(home);
  });

  it('is absent and creatable at first, then a create job makes it and leaves it running', async () => {
    expect(await call(tidemark.api, 'sandbox.status', {})).toEqual({ state: 'absent', canCreate: true });
    const final = await createSandboxAndWait(tidemark);
    expect(final.state.status, JSON.stringify(await call(tidemark.api, 'jobs.logs', { jobId: final.id }))).toBe('succeeded');
    const phases = (await call(tidemark.api, 'jobs.logs', { jobId: final.id })).map((line) => line.text).join('\n');
    expect(phases).toContain('WAL is archived into');

    created = present(await call(tidemark.api, 'sandbox.status', {}));
    expect(created).toMatchObject({ state: 'running', clusterId: sandboxClusterId, keepRunning: false, sampleDatabase: 'tidemark_sample', majorVersion: 15 });
    expect(created.dataDir).toBe(`${home}/clusters/sandbox/data`);
    expect((await stat(created.pgpassFile)).mode & 0o777).toBe(0o600);
  });

  it('saved a profile "Sandbox" pointing at it, and its password connects to the sample tables', async () => {
    const profile = new ProfileStore(tidemark.services.settings).findByName('Sandbox');
    expect(profile.id).toBe(created.profileId);
    expect(profile.managedClusterId).toBe(sandboxClusterId);
    expect(profile.target).toEqual({
      kind: 'params',
      host: '127.0.0.1',
      port: created.port,
      database: 'tidemark_sample',
      user: 'postgres',
      sslmode: 'disable',
    });

    const client = await sandboxClient(created.pgpassFile, profile.target.kind === 'params' ? profile.target.port : 0);
    try {
      const counts = await client.query<{ name: string; n: number }>(
        `select 'customers' as name, count(*)::int as n from customers union all select 'products', count(*)::int from products
         union all select 'orders', count(*)::int from orders union all select 'order_items', count(*)::int from order_items
         union all select 'order_totals', count(*)::int from order_totals`,
      );
      const byName = Object.fromEntries(counts.rows.map((row) => [row.name, row.n]));
      expect(byName.customers).toBe(200);
      expect(byName.products).toBe(50);
      expect(byName.orders).toBe(400);
      expect(byName.order_items).toBeGreaterThan(400);
      expect(byName.order_totals).toBe(400);
      const foreignKeys = await client.query("select count(*)::int as n from pg_constraint where contype = 'f' and connamespace = 'public'::regnamespace");
      expect(foreignKeys.rows[0].n).toBe(3);
    } finally {
      await client.end();
    }
  });

  it('runs with wal_level=replica and archives through basic_archive into the repository', async () => {
    const client = await sandboxClient(created.pgpassFile, created.port);
    try {
      // basic_archive is loaded by the archiver only: in a backend its setting is a placeholder, which
      // pg_settings leaves out and current_setting() shows.
      const names = ['wal_level', 'archive_mode', 'archive_library', 'max_wal_senders', 'basic_archive.archive_directory'];
      const settings = await client.query<{ name: string; setting: string }>('select name, current_setting(name) as setting from unnest($1::text[]) as name', [
        names,
      ]);
      expect(Object.fromEntries(settings.rows.map((row) => [row.name, row.setting]))).toEqual({
        wal_level: 'replica',
        archive_mode: 'on',
        archive_library: 'basic_archive',
        max_wal_senders: '10',
        'basic_archive.archive_directory': created.archiveDir,
      });
      const { rows } = await client.query<{ system_identifier: string }>('select system_identifier::text from pg_control_system()');
      expect(created.archiveDir).toBe(`${home}/repository/wal/${rows[0]!.system_identifier}`);

      await client.query("insert into customers (email, full_name, country_code, signed_up_at) values ('wal@example.com', 'Wal Test', 'NL', now())");
      const { rows: switched } = await client.query<{ segment: string }>('select pg_walfile_name(pg_switch_wal()) as segment');
      const segment = switched[0]!.segment;
      for (let waited = 0; waited < 30_000 && !(await readdir(created.archiveDir)).includes(segment); waited += 200) await delay(200);
      expect(await readdir(created.archiveDir)).toContain(segment);
    } finally {
      await client.end();
    }
  });

  it('stops and starts, and a restarted app reads the state from the disk', async () => {
    expect((await call(tidemark.api, 'sandbox.stop', {})).state).toBe('stopped');
    expect((await call(tidemark.api, 'sandbox.status', {})).state).toBe('stopped');
    expect((await call(openTidemark(home).api, 'sandbox.status', {})).state).toBe('stopped');

    const started = await call(tidemark.api, 'sandbox.start', {});
    expect(started.state).toBe('running');
    expect(present(started).portChange).toBeUndefined();
    expect((await call(openTidemark(home).api, 'sandbox.status', {})).state).toBe('running');
  });

  it('refuses a second create with cluster_exists', async () => {
    const outcome = await tidemark.api.invoke('sandbox.create', {});
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.code).toBe('cluster_exists');
  });

  it('moves to a free port when another program took its own, and the profile and pgpass follow', async () => {
    await call(tidemark.api, 'sandbox.stop', {});
    const squatter = await listenOn(created.port);
    try {
      const moved = present(await call(tidemark.api, 'sandbox.start', {}));
      expect(moved.portChange).toEqual({ from: created.port, to: moved.port });
      expect(moved.port).not.toBe(created.port);
      const profile = new ProfileStore(tidemark.services.settings).get(created.profileId!);
      expect(profile.target.kind === 'params' && profile.target.port).toBe(moved.port);
      const client = await sandboxClient(moved.pgpassFile, moved.port);
      await client.end();
      created = moved;
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('is stopped on quit unless asked to keep running', async () => {
    expect((await call(tidemark.api, 'sandbox.setKeepRunning', { keepRunning: true })).state).toBe('running');
    expect(await stopClustersOnQuit(tidemark.services)).toEqual({ stopped: [], failed: [] });
    expect((await call(tidemark.api, 'sandbox.status', {})).state).toBe('running');

    const keepRunningOff = present(await call(tidemark.api, 'sandbox.setKeepRunning', { keepRunning: false }));
    expect(keepRunningOff.keepRunning).toBe(false);
    expect(await stopClustersOnQuit(openTidemark(home).services)).toEqual({ stopped: [sandboxClusterId], failed: [] });
    expect((await call(tidemark.api, 'sandbox.status', {})).state).toBe('stopped');
  });
});

function listenOn(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
