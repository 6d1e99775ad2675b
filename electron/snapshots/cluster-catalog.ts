import { statfs } from 'node:fs/promises';
import type pg from 'pg';
import { TidemarkError } from '../../shared/domain/errors';
import type { SnapshotSession } from '../../shared/domain/snapshot';
import { quoteIdentifier, quoteLiteral } from '../../shared/domain/sql-identifier';
import { endOtherSessions, readActiveConnections } from '../restore/target-database';

/** A database of the cluster with its comment and size. */
export interface ClusterDatabase {
  name: string;
  comment: string | null;
  sizeBytes: number;
}

async function selectDatabases(client: pg.Client, where: string, params: string[] = []): Promise<ClusterDatabase[]> {
  const { rows } = await client.query<{ name: string; comment: string | null; size: string }>(
    `select datname as name, shobj_description(oid, 'pg_database') as comment, pg_database_size(oid) as size
       from pg_database where ${where} order by datname`,
    params,
  );
  return rows.map((row) => ({ name: row.name, comment: row.comment, sizeBytes: Number(row.size) }));
}

export async function readDatabase(client: pg.Client, name: string): Promise<ClusterDatabase | null> {
  return (await selectDatabases(client, 'datname = $1', [name]))[0] ?? null;
}

/** Every database whose comment starts as Tidemark's snapshot comments do. */
export async function readCommentedDatabases(client: pg.Client): Promise<ClusterDatabase[]> {
  return selectDatabases(client, "shobj_description(oid, 'pg_database') like 'tidemark-snapshot%'");
}

export async function readSessions(client: pg.Client, database: string): Promise<SnapshotSession[]> {
  return (await readActiveConnections(client, database)).map((session) => ({
    pid: session.pid,
    user: session.user,
    application: session.application,
    since: session.backendStart,
  }));
}

/** "pid 123 (alice, psql, since …)", for the errors that name the sessions in the way. */
export function describeSessions(sessions: SnapshotSession[]): string {
  return sessions.map((s) => `pid ${s.pid} (${s.user ?? 'unknown user'}, ${s.application ?? 'no application name'}, since ${s.since ?? 'unknown'})`).join('; ');
}

/**
 * Gets `database` to itself: with no permission to end the other sessions it refuses and names
 * them; with it, ends them and waits until they are gone (a terminated backend takes a moment).
 */
export async function clearSessions(client: pg.Client, database: string, terminate: boolean, action: string): Promise<SnapshotSession[]> {
  const sessions = await readSessions(client, database);
  if (sessions.length === 0) return [];
  if (!terminate) {
    throw new TidemarkError(
      'conflict',
      `${action} needs ${database} to itself, and ${sessions.length} other session${sessions.length === 1 ? ' is' : 's are'} connected: ${describeSessions(sessions)}.`,
      {
        hint: 'Close them, or allow Tidemark to end them (--terminate in the CLI, the confirmation in the app).',
        details: { database, sessions: describeSessions(sessions), pids: sessions.map((s) => s.pid).join(',') },
      },
    );
  }
  await endOtherSessions(client, database);
  for (let waited = 0; waited < 5000; waited += 50) {
    const { rows } = await client.query('select 1 from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
    if (rows.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return sessions;
}

export async function setComment(client: pg.Client, database: string, comment: string | null): Promise<void> {
  await client.query(`COMMENT ON DATABASE ${quoteIdentifier(database)} IS ${comment === null ? 'NULL' : quoteLiteral(comment)}`);
}

export async function renameDatabase(client: pg.Client, from: string, to: string): Promise<void> {
  await client.query(`ALTER DATABASE ${quoteIdentifier(from)} RENAME TO ${quoteIdentifier(to)}`);
}

/** CREATE DATABASE ... TEMPLATE; a partial database left by a failure (a full disk) is dropped. */
export async function createFromTemplate(client: pg.Client, database: string, template: string, strategy: string | null): Promise<void> {
  try {
    await client.query(`CREATE DATABASE ${quoteIdentifier(database)} TEMPLATE ${quoteIdentifier(template)}${strategy ? ` STRATEGY ${strategy}` : ''}`);
  } catch (error) {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)}`).catch(() => undefined);
    const { code, message } = error as { code?: string; message?: string };
    // 53100 disk_full; 55006 object_in_use: a session connected to the template in between.
    if (code === '53100')
      throw new TidemarkError('disk_full', `The disk filled while copying ${template}: ${message}`, {
        cause: error,
        hint: 'Free space on the server, or delete snapshots.',
      });
    if (code === '55006')
      throw new TidemarkError('conflict', `${template} is in use: ${message}`, {
        cause: error,
        hint: 'Close the sessions on it, or allow Tidemark to end them.',
      });
    throw new TidemarkError('server_error', `Could not create ${database} from ${template}: ${message}`, { cause: error });
  }
}

export async function serverVersionNum(client: pg.Client): Promise<number> {
  return (await client.query<{ v: number }>("select current_setting('server_version_num')::int as v")).rows[0]!.v;
}

/**
 * Free bytes on the server's data directory when this host can see it (a local cluster), else
 * null: a remote development server's disk is not ours to measure.
 */
export async function freeBytesOnServer(client: pg.Client): Promise<number | null> {
  const dataDirectory = await client
    .query<{ setting: string }>("select setting from pg_settings where name = 'data_directory'")
    .then((result) => result.rows[0]?.setting ?? null)
    .catch(() => null);
  if (!dataDirectory) return null;
  const space = await statfs(dataDirectory).catch(() => null);
  return space ? space.bavail * space.bsize : null;
}
