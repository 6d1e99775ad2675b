import pg from 'pg';
import { setTimeout as delay } from 'node:timers/promises';
import type { BridgeClient } from '../bridge-client';
import { createSandboxThroughBridge, type RunningSandbox } from '../sandbox-setup';
import { sandboxSuperuser } from '../../shared/domain/sandbox';

/**
 * The "someone dropped a table" scenario on the sandbox, prepared through the bridge: the sandbox
 * (it archives into the repository from birth), a base backup, a table with rows, the instant
 * noted a second after they were committed, the drop, and a WAL switch archived, so the drop is
 * in the recoverable window and the moment before it is a target.
 */
export interface DroppedTableScenario {
  sandbox: RunningSandbox;
  profileId: string;
  table: string;
  /** Rows in the table when it was dropped. */
  rows: number;
  rowsPerBatch: number;
  /** After each batch of rows, an instant a second after its commit and a second before what came next (UTC, ISO 8601 with Z). */
  afterBatchUtc: string[];
  /** The last of them: every row committed, the table not yet dropped. */
  beforeDropUtc: string;
  backupId: string;
}

export async function sandboxClient(sandbox: RunningSandbox, database = sandbox.sampleDatabase): Promise<pg.Client> {
  const client = new pg.Client({ host: '127.0.0.1', port: sandbox.port, user: sandboxSuperuser, password: sandbox.password, database });
  await client.connect();
  return client;
}

export async function prepareDroppedTable(
  bridge: BridgeClient,
  options: { table?: string; rowsPerBatch?: number; batches?: number } = {},
): Promise<DroppedTableScenario> {
  const table = options.table ?? 'orders_archive';
  const rowsPerBatch = options.rowsPerBatch ?? 1234;
  const batches = options.batches ?? 1;
  const sandbox = await createSandboxThroughBridge(bridge);
  if (!sandbox.profileId) throw new Error('the sandbox has no profile');
  const profileId = sandbox.profileId;

  const { jobId } = await bridge.call('physical.backup', { server: { profileId }, format: 'tar', checkpoint: 'fast' });
  const backup = (await bridge.waitForJob(jobId, 120_000)).state;
  if (backup.status !== 'succeeded') throw new Error('the base backup did not succeed');
  const backupId = (backup.result as { backup: { id: string } }).backup.id;

  const client = await sandboxClient(sandbox);
  try {
    await client.query(`create table ${table} (id int primary key, note text not null)`);
    const afterBatchUtc: string[] = [];
    for (let batch = 0; batch < batches; batch++) {
      await client.query(`insert into ${table} select g, 'order ' || g from generate_series($1::int, $2::int) g`, [
        batch * rowsPerBatch + 1,
        (batch + 1) * rowsPerBatch,
      ]);
      // A second of room on each side, so a target to the second falls cleanly between this commit and what follows.
      await delay(1100);
      afterBatchUtc.push(
        (await client.query<{ t: string }>('select to_char(clock_timestamp() at time zone \'UTC\', \'YYYY-MM-DD"T"HH24:MI:SS"Z"\') as t')).rows[0]!.t,
      );
      await delay(1100);
    }
    await client.query(`drop table ${table}`);
    await archiveCurrentSegment(client);
    return { sandbox, profileId, table, rows: rowsPerBatch * batches, rowsPerBatch, afterBatchUtc, beforeDropUtc: afterBatchUtc.at(-1)!, backupId };
  } finally {
    await client.end();
  }
}

/** pg_switch_wal(), then wait until the closed segment is archived. */
export async function archiveCurrentSegment(client: pg.Client): Promise<void> {
  const { walfile } = (await client.query<{ walfile: string }>('select pg_walfile_name(pg_switch_wal()) as walfile')).rows[0]!;
  for (let i = 0; i < 300; i++) {
    const { last } = (await client.query<{ last: string | null }>('select last_archived_wal as last from pg_stat_archiver')).rows[0]!;
    if (last && last >= walfile) return;
    await delay(100);
  }
  throw new Error(`segment ${walfile} was not archived in 30 s`);
}

/** Rows of a table in a recovered cluster, through its TCP port with the sandbox's superuser password. */
export async function countRowsOn(port: number, sandbox: RunningSandbox, table: string): Promise<number> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: sandboxSuperuser, password: sandbox.password, database: sandbox.sampleDatabase });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(`select count(*)::text as n from ${table}`)).rows[0]!.n);
  } finally {
    await client.end();
  }
}
