import type pg from 'pg';
import { majorVersionOf, type ServerFacts } from '../../shared/domain/server';

// Settings read from pg_settings rather than current_setting(): a setting the role may not see
// (data_directory and archive_command need superuser or pg_read_all_settings) is simply absent
// there instead of raising an error, and archive_library (PostgreSQL 15+) may not exist at all.
const visibleSettings = ['data_directory', 'wal_level', 'archive_mode', 'archive_command', 'archive_library', 'archive_timeout', 'max_wal_senders'] as const;

const factsQuery = `
select current_setting('server_version') as server_version,
       current_setting('server_version_num')::int as server_version_num,
       has_function_privilege('pg_catalog.pg_control_system()', 'execute') as may_read_control,
       current_setting('TimeZone') as time_zone,
       to_json(now()) #>> '{}' as server_time,
       current_database() as current_database,
       pg_is_in_recovery() as in_recovery,
       r.rolname as role_name,
       r.rolsuper as superuser,
       r.rolreplication as replication,
       case when exists (select 1 from pg_roles where rolname = 'pg_read_all_data')
            then pg_has_role('pg_read_all_data', 'USAGE') else false end as read_all_data,
       coalesce((select ssl from pg_stat_ssl where pid = pg_backend_pid()), false) as ssl,
       (select json_object_agg(name, setting) from pg_settings where name = any($1::text[])) as settings
  from pg_roles r
 where r.rolname = current_user`;

// What pg_dump must read: the rows of ordinary tables and the state of sequences, each behind
// USAGE on its schema. Views and partitioned parents hold no rows of their own.
const unreadableQuery = `
select count(*)::int as count,
       (array_agg(format('%I.%I', n.nspname, c.relname) order by n.nspname, c.relname))[1:5] as examples
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'S')
   and n.nspname not in ('pg_catalog', 'information_schema')
   and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
   and not (has_schema_privilege(n.oid, 'USAGE') and has_table_privilege(c.oid, 'SELECT'))`;

interface FactsRow {
  server_version: string;
  server_version_num: number;
  may_read_control: boolean;
  time_zone: string;
  server_time: string;
  current_database: string;
  in_recovery: boolean;
  role_name: string;
  superuser: boolean;
  replication: boolean;
  read_all_data: boolean;
  ssl: boolean;
  settings: Partial<Record<(typeof visibleSettings)[number], string>> | null;
}

/** Reads what the profile page and readiness need, with what the role may see. */
export async function readServerFacts(client: pg.Client): Promise<ServerFacts> {
  const row = (await client.query<FactsRow>(factsQuery, [visibleSettings])).rows[0];
  if (!row) throw new Error('The current role was not found in pg_roles.');
  // A query of its own: EXECUTE on a function is checked when the plan starts, even in a CASE
  // branch that would never run. Hardened servers revoke it from PUBLIC.
  const systemIdentifier = row.may_read_control
    ? ((await client.query<{ id: string }>('select system_identifier::text as id from pg_catalog.pg_control_system()')).rows[0]?.id ?? null)
    : null;
  const unreadable = (await client.query<{ count: number; examples: string[] | null }>(unreadableQuery)).rows[0];
  const settings = row.settings ?? {};
  const archiveTimeout = settings.archive_timeout;
  return {
    serverVersion: row.server_version,
    serverVersionNum: row.server_version_num,
    majorVersion: majorVersionOf(row.server_version_num),
    systemIdentifier,
    dataDirectory: settings.data_directory ?? null,
    timeZone: row.time_zone,
    serverTime: row.server_time,
    currentDatabase: row.current_database,
    walLevel: settings.wal_level ?? 'unknown',
    archiveMode: settings.archive_mode ?? 'unknown',
    archiveCommand: settings.archive_command ?? null,
    archiveLibrary: settings.archive_library ?? null,
    archiveTimeoutSeconds: archiveTimeout === undefined ? null : Number(archiveTimeout),
    maxWalSenders: Number(settings.max_wal_senders ?? 0),
    inRecovery: row.in_recovery,
    role: { name: row.role_name, superuser: row.superuser, replication: row.replication, readAllData: row.read_all_data },
    ssl: row.ssl,
    unreadableRelations: { count: unreadable?.count ?? 0, examples: unreadable?.examples ?? [] },
  };
}
