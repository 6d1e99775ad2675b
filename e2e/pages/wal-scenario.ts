import pg from 'pg';
import type { BridgeClient } from '../bridge-client';
import type { RunningSandbox } from '../sandbox-setup';
import { sandboxSuperuser } from '../../shared/domain/sandbox';

/** Runs SQL on the sandbox as its superuser, outside the UI (to prepare a state the UI then shows). */
export async function onSandbox<T>(sandbox: RunningSandbox, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ host: '127.0.0.1', port: sandbox.port, user: sandboxSuperuser, password: sandbox.password, database: sandbox.sampleDatabase });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Commits a few rows, then has archiving verified (pg_switch_wal and wait), so those commits are in the archive. */
export async function archiveSomeCommits(bridge: BridgeClient, sandbox: RunningSandbox, profileId: string): Promise<void> {
  await onSandbox(sandbox, async (client) => {
    await client.query('create table if not exists wal_e2e_rows (id serial primary key, note text)');
    for (let i = 0; i < 3; i++) await client.query("insert into wal_e2e_rows (note) values ('archived commit')");
  });
  const { jobId } = await bridge.call('archive.verify', { server: { profileId } });
  await bridge.waitForJob(jobId);
}

/** Turns archiving off on the sandbox (ALTER SYSTEM and a restart), so the wizard has something to set up. */
export async function turnArchivingOff(bridge: BridgeClient, sandbox: RunningSandbox): Promise<void> {
  await onSandbox(sandbox, async (client) => {
    await client.query('ALTER SYSTEM SET archive_mode = off');
    await client.query('ALTER SYSTEM RESET archive_library');
  });
  await bridge.call('sandbox.stop', {});
  await bridge.call('sandbox.start', {});
}
