import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { TidemarkApi } from '../../shared/contract';
import type { ArchiveApplyResult } from '../../shared/domain/archiving';
import type { PhysicalBackupResult } from '../../shared/domain/physical';
import type { RecoveryRequestInput, RecoveryResult } from '../../shared/domain/pitr';
import { call } from '../../electron/api/local-api';
import { jobResult } from './job-test-support';
import type { TestCluster } from '../harness/pg-cluster';
import type pg from 'pg';
import { withClient } from '../../electron/profiles/open-client';
import type { ConnectionResolver } from '../../electron/profiles/connection-resolver';
import type { ProfileStore } from '../../electron/profiles/profile-store';

// Test support for point-in-time recovery: a source cluster archived and backed up through
// Tidemark's own archiving and physical backups, and rows written in batches whose commit
// times, xids and LSNs are recorded, so each recovery's result can be checked exactly.

export interface Batch {
  batch: number;
  xid: number;
  /** clock_timestamp() just before the batch's transaction began. */
  beganAt: string;
  /** clock_timestamp() just after it committed. */
  committedAt: string;
  /** pg_current_wal_insert_lsn() after the commit. */
  lsnAfter: string;
}

export const rowsPerBatch = 100;

/** What waiting for a job needs (job-test-support.ts). */
type JobWaiter = Parameters<typeof jobResult>[0];

/** A recovered cluster is queried through its new profile, as the app would. */
interface ProfileConnections {
  readonly profiles: ProfileStore;
  readonly connections: ConnectionResolver;
}

export async function setUpArchiving(api: TidemarkApi, services: JobWaiter, profileId: string): Promise<void> {
  const { jobId } = await call(api, 'archive.apply', { server: { profileId } });
  const { verification } = await jobResult<ArchiveApplyResult>(services, jobId);
  if (verification?.status !== 'works') throw new Error(`archiving does not work: ${JSON.stringify(verification)}`);
}

export async function physicalBackup(
  api: TidemarkApi,
  services: JobWaiter,
  profileId: string,
  options: Record<string, unknown> = {},
): Promise<PhysicalBackupResult> {
  const { jobId } = await call(api, 'physical.backup', { server: { profileId }, format: 'tar', checkpoint: 'fast', ...options });
  return jobResult<PhysicalBackupResult>(services, jobId);
}

/** One batch in its own transaction, with the facts a recovery target can name. */
export async function insertBatch(cluster: TestCluster, batch: number, database = 'postgres'): Promise<Batch> {
  const client = await cluster.client(database);
  try {
    const beganAt = (await client.query<{ t: string }>('select to_char(clock_timestamp() at time zone \'UTC\', \'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\') as t'))
      .rows[0]!.t;
    await client.query('begin');
    const xid = Number((await client.query<{ xid: string }>('select txid_current()::text as xid')).rows[0]!.xid);
    await client.query('insert into events (batch, n) select $1, g from generate_series(1, $2) g', [batch, rowsPerBatch]);
    await client.query('commit');
    const after = await client.query<{ t: string; lsn: string }>(
      'select to_char(clock_timestamp() at time zone \'UTC\', \'YYYY-MM-DD"T"HH24:MI:SS.US"Z"\') as t, pg_current_wal_insert_lsn()::text as lsn',
    );
    return { batch, xid, beganAt, committedAt: after.rows[0]!.t, lsnAfter: after.rows[0]!.lsn };
  } finally {
    await client.end();
  }
}

/** An instant halfway between batch k's commit and batch k+1's start, with an explicit offset. */
export function between(before: Batch, after: Batch): string {
  const ms = (Date.parse(before.committedAt) + Date.parse(after.beganAt)) / 2;
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

/** Switches WAL and waits until the closed segment is in the archive. */
export async function archiveCurrentSegment(cluster: TestCluster): Promise<void> {
  const walfile = (await cluster.query<{ walfile: string }>('select pg_walfile_name(pg_switch_wal()) as walfile'))[0]!.walfile;
  for (let i = 0; i < 300; i++) {
    const last = (await cluster.query<{ last: string | null }>('select last_archived_wal as last from pg_stat_archiver'))[0]!.last;
    if (last && last >= walfile) return;
    await delay(100);
  }
  throw new Error(`segment ${walfile} was not archived in 30 s`);
}

/** Every file in a folder with its size and modification time: to prove nothing was written. */
export async function folderListing(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => !name.startsWith('.tidemark-index'));
  const listing: string[] = [];
  for (const name of names.sort()) {
    const info = await stat(join(dir, name));
    listing.push(`${name} ${info.size} ${info.mtimeMs}`);
  }
  return listing;
}

export async function recover(api: TidemarkApi, services: JobWaiter, request: RecoveryRequestInput): Promise<RecoveryResult> {
  const { jobId } = await call(api, 'pitr.start', request);
  return jobResult<RecoveryResult>(services, jobId);
}

/** Runs a query on a recovered cluster through its new connection profile, as the app would. */
export async function queryRecovered<R extends pg.QueryResultRow>(services: ProfileConnections, result: RecoveryResult, sql: string): Promise<R[]> {
  const profile = services.profiles.get(result.profileId!);
  const connection = await services.connections.resolve({ profile });
  return withClient(connection, async (client) => (await client.query<R>(sql)).rows);
}

/** The batches of `events` a recovered cluster holds (null: the table is not there). */
export async function batchesIn(services: ProfileConnections, result: RecoveryResult): Promise<number[] | null> {
  const rows = await queryRecovered<{ batch: number; n: string }>(
    services,
    result,
    'select batch, count(*)::text as n from events group by batch order by batch',
  ).catch((error: { code?: string; message?: string }) => {
    if (/does not exist/.test(error.message ?? '')) return null;
    throw error;
  });
  if (!rows) return null;
  for (const row of rows) if (Number(row.n) !== rowsPerBatch) throw new Error(`batch ${row.batch} has ${row.n} rows, not ${rowsPerBatch}`);
  return rows.map((row) => row.batch);
}
