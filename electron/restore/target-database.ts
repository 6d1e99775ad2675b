import type pg from 'pg';
import type { DatabaseFacts } from '../../shared/domain/backup';
import { TidemarkError } from '../../shared/domain/errors';
import type { ActiveConnection, RestoreTargetInfo } from '../../shared/domain/restore';
import { withClient } from '../profiles/open-client';
import { readDatabaseFacts, readServerIdentity } from '../backups/database-catalog';
import { quoteLiteral } from '../../shared/domain/sql-identifier';
import { quoteIdentifier } from '../../shared/domain/sql-identifier';
import type { ResolvedConnection } from '../profiles/connection';
import type { ServerAccess } from '../profiles/server-access';

/**
 * A connection for statements about the target database (CREATE, DROP, terminating sessions):
 * the subject's own database, or `postgres` when that is the target itself.
 */
export async function maintenanceConnection(access: ServerAccess, targetDatabase: string): Promise<ResolvedConnection> {
  const own = await access.connect();
  return own.database === targetDatabase ? access.connect('postgres') : own;
}

export async function readActiveConnections(client: pg.Client, database: string): Promise<ActiveConnection[]> {
  const { rows } = await client.query<{
    pid: number;
    usename: string | null;
    application_name: string | null;
    client_addr: string | null;
    state: string | null;
    backend_start: Date | null;
    query: string | null;
  }>(
    `select pid, usename, application_name, client_addr::text, state, backend_start, left(query, 200) as query
       from pg_stat_activity
      where datname = $1 and pid <> pg_backend_pid() and backend_type = 'client backend'
      order by backend_start`,
    [database],
  );
  return rows.map((row) => ({
    pid: row.pid,
    user: row.usename,
    application: row.application_name || null,
    clientAddress: row.client_addr,
    state: row.state,
    backendStart: row.backend_start ? row.backend_start.toISOString() : null,
    query: row.query || null,
  }));
}

export async function readTargetInfo(access: ServerAccess, database: string): Promise<RestoreTargetInfo> {
  const resolved = await maintenanceConnection(access, database);
  return withClient(resolved, async (client) => {
    const server = await readServerIdentity(client);
    const facts = await readDatabaseFacts(client, database);
    return {
      server: resolved.label,
      database,
      exists: facts !== null,
      owner: facts?.owner ?? null,
      encoding: facts?.encoding ?? null,
      sizeBytes: facts?.sizeBytes ?? null,
      connections: facts ? await readActiveConnections(client, database) : [],
      canCreateDatabase: server.canCreateDatabase,
    };
  });
}

/** Ends every other session on `database`; returns the pids that were ended. */
export async function terminateConnections(access: ServerAccess, database: string, confirm: string): Promise<number[]> {
  if (confirm !== database) {
    throw new TidemarkError('confirmation_required', `Ending the sessions on ${database} needs its name typed as confirmation.`, { details: { database } });
  }
  const resolved = await maintenanceConnection(access, database);
  return withClient(resolved, async (client) => {
    const { rows } = await client.query<{ pid: number; ended: boolean }>(
      `select pid, pg_terminate_backend(pid) as ended from pg_stat_activity
        where datname = $1 and pid <> pg_backend_pid() and backend_type = 'client backend'`,
      [database],
    );
    return rows.filter((row) => row.ended).map((row) => row.pid);
  });
}

/** The CREATE DATABASE a restore runs: the source's encoding and locale, from template0. */
export function createDatabaseSql(database: string, facts: DatabaseFacts | null, options: { owner: string | null; withLocale: boolean }): string {
  const parts = [`CREATE DATABASE ${quoteIdentifier(database)} TEMPLATE template0`];
  if (options.owner) parts.push(`OWNER ${quoteIdentifier(options.owner)}`);
  if (facts?.encoding) parts.push(`ENCODING ${quoteLiteral(facts.encoding)}`);
  if (options.withLocale && facts?.collate) parts.push(`LC_COLLATE ${quoteLiteral(facts.collate)}`);
  if (options.withLocale && facts?.ctype) parts.push(`LC_CTYPE ${quoteLiteral(facts.ctype)}`);
  return parts.join(' ');
}

/**
 * Creates the target database as the source was: its owner when that role exists here and the
 * connecting role may give it the database, its encoding and locale when this server has them.
 * Returns what it did, and warnings for whatever it had to leave out.
 */
export async function createTargetDatabase(client: pg.Client, database: string, facts: DatabaseFacts | null): Promise<{ sql: string; warnings: string[] }> {
  const warnings: string[] = [];
  let owner = facts?.owner ?? null;
  if (owner) {
    const exists = (await client.query('select 1 from pg_roles where rolname = $1', [owner])).rows.length > 0;
    const allowed = exists && (await client.query<{ ok: boolean }>("select pg_has_role(current_user, $1, 'MEMBER') as ok", [owner])).rows[0]?.ok;
    if (!exists) warnings.push(`The source database's owner ${owner} does not exist on this server; the new database is owned by the connecting role.`);
    else if (!allowed) warnings.push(`The connecting role may not create databases owned by ${owner}; the new database is owned by the connecting role.`);
    if (!exists || !allowed) owner = null;
  }
  let sql = createDatabaseSql(database, facts, { owner, withLocale: true });
  try {
    await client.query(sql);
  } catch (error) {
    // 22023 invalid_parameter_value: this server lacks the source's locale (another OS, another libc).
    const code = (error as { code?: string }).code;
    if (code !== '22023' || !facts?.collate) throw createError(database, error);
    warnings.push(`This server has no locale ${facts.collate}; the new database uses the server's default locale (${(error as Error).message}).`);
    sql = createDatabaseSql(database, facts, { owner, withLocale: false });
    try {
      await client.query(sql);
    } catch (retryError) {
      throw createError(database, retryError);
    }
  }
  return { sql, warnings };
}

function createError(database: string, error: unknown): TidemarkError {
  const { code, message } = error as { code?: string; message?: string };
  if (code === '42P04')
    return new TidemarkError('conflict', `A database named ${database} already exists.`, { hint: 'Pick another name for the new database.' });
  if (code === '42501')
    return new TidemarkError('insufficient_privilege', `The connecting role may not create databases: ${message}`, {
      hint: 'Connect as a role with CREATEDB, or restore into an existing database.',
    });
  return new TidemarkError('server_error', `Could not create database ${database}: ${message}`, { cause: error });
}

/** Drops a database Tidemark created (a cancelled restore, a test restore's scratch database). */
export async function dropDatabase(client: pg.Client, database: string): Promise<void> {
  const { version_num: versionNum } = (await client.query<{ version_num: number }>("select current_setting('server_version_num')::int as version_num"))
    .rows[0]!;
  if (versionNum >= 130000) {
    // FORCE ends sessions still attached, e.g. a killed pg_restore's backend not yet gone.
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
    return;
  }
  await endOtherSessions(client, database);
  await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)}`);
}

/** Ends every session on `database` but this client's own (the caller has the user's leave to). */
export async function endOtherSessions(client: pg.Client, database: string): Promise<void> {
  await client.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [database]);
}
