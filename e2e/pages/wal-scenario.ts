import type pg from 'pg';
import type { ArchiveVerification } from '../../shared/domain/archiving';
import type { PhysicalBackupResult } from '../../shared/domain/physical';
import type { BridgeClient } from '../bridge-client';
import type { RunningSandbox } from '../sandbox-setup';
import { sandboxClient } from './recovery-scenario';

/** Runs SQL on the sandbox as its superuser, outside the UI (to prepare a state the UI then shows). */
export async function onSandbox<T>(sandbox: RunningSandbox, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await sandboxClient(sandbox);
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/**
 * Commits a few rows, then has archiving verified (pg_switch_wal and wait), so those commits are
 * in the archive. Returns the segment that holds them.
 */
export async function archiveSomeCommits(bridge: BridgeClient, sandbox: RunningSandbox, profileId: string): Promise<string> {
  await onSandbox(sandbox, async (client) => {
    await client.query('create table if not exists wal_e2e_rows (id serial primary key, note text)');
    for (let i = 0; i < 3; i++) await client.query("insert into wal_e2e_rows (note) values ('archived commit')");
  });
  const { jobId } = await bridge.call('archive.verify', { server: { profileId } });
  const { state } = await bridge.waitForJob(jobId);
  const verification = (state as { result: ArchiveVerification }).result;
  if (verification.status !== 'works') throw new Error(`archiving did not work: ${JSON.stringify(verification)}`);
  return verification.segment;
}

/** A base backup through the bridge; returns its id. */
export async function takeBaseBackup(bridge: BridgeClient, profileId: string): Promise<string> {
  const { jobId } = await bridge.call('physical.backup', { server: { profileId }, format: 'tar' });
  const { state } = await bridge.waitForJob(jobId, 120_000);
  return (state as { result: PhysicalBackupResult }).result.backup.id;
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
