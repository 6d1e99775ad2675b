import type pg from 'pg';
import type { DatabaseFacts } from '../../shared/domain/backup';
import { majorVersionOf } from '../../shared/domain/server';
import { qualifiedName } from '../../shared/domain/sql-identifier';

/** Who the server is, for manifests and for picking a pg_dump at least as new. */
export interface ServerIdentity {
  version: string;
  versionNum: number;
  majorVersion: number;
  systemIdentifier: string | null;
  currentUser: string;
  canCreateDatabase: boolean;
}

export async function readServerIdentity(client: pg.Client): Promise<ServerIdentity> {
  const { rows } = await client.query<{ version: string; version_num: number; system_identifier: string | null; current_user: string; can_create: boolean }>(`
    select current_setting('server_version') as version,
           current_setting('server_version_num')::int as version_num,
           case when has_function_privilege('pg_catalog.pg_control_system()', 'execute')
                then (select system_identifier::text from pg_catalog.pg_control_system()) end as system_identifier,
           current_user as current_user,
           (select rolsuper or rolcreatedb from pg_roles where rolname = current_user) as can_create`);
  const row = rows[0]!;
  return {
    version: row.version,
    versionNum: row.version_num,
    majorVersion: majorVersionOf(row.version_num),
    systemIdentifier: row.system_identifier,
    currentUser: row.current_user,
    canCreateDatabase: Boolean(row.can_create),
  };
}

/** The databases "all databases" means: those accepting connections, templates excluded. */
export async function listBackupableDatabases(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ datname: string }>('select datname from pg_database where datallowconn and not datistemplate order by datname');
  return rows.map((row) => row.datname);
}

export async function readDatabaseFacts(client: pg.Client, database: string): Promise<DatabaseFacts | null> {
  const { rows } = await client.query<{ owner: string; encoding: string; collate: string; ctype: string; size: string | null }>(
    `select pg_get_userbyid(d.datdba) as owner, pg_encoding_to_char(d.encoding) as encoding,
            d.datcollate as collate, d.datctype as ctype,
            case when has_database_privilege(d.oid, 'CONNECT') then pg_database_size(d.oid) end as size
       from pg_database d where d.datname = $1`,
    [database],
  );
  const row = rows[0];
  if (!row) return null;
  return { owner: row.owner, encoding: row.encoding, collate: row.collate, ctype: row.ctype, sizeBytes: row.size === null ? null : Number(row.size) };
}

/** A user table as the catalog knows it: what a dump of it holds, and what belongs to it. */
export interface CatalogTable {
  schema: string;
  name: string;
  owner: string;
  /** Holds rows of its own (a partitioned parent or a foreign table does not). */
  hasRows: boolean;
  /** Heap size, to weigh dump progress. */
  sizeBytes: number;
  indexes: string[];
  sequences: string[];
}

/**
 * Ordinary and partitioned tables outside the system schemas and not part of an extension,
 * with their indexes and the sequences their columns own (serial and identity).
 */
export async function readCatalogTables(client: pg.Client): Promise<CatalogTable[]> {
  const { rows } = await client.query<{ schema: string; name: string; owner: string; relkind: string; size: string; indexes: string[]; sequences: string[] }>(`
    select n.nspname as schema, c.relname as name, pg_get_userbyid(c.relowner) as owner, c.relkind::text as relkind,
           pg_relation_size(c.oid) as size,
           coalesce((select array_agg(ic.relname::text order by ic.relname)
                       from pg_index i join pg_class ic on ic.oid = i.indexrelid
                      where i.indrelid = c.oid), '{}'::text[]) as indexes,
           coalesce((select array_agg(distinct s.relname::text)
                       from pg_depend d join pg_class s on s.oid = d.objid and s.relkind = 'S'
                      where d.classid = 'pg_class'::regclass and d.refclassid = 'pg_class'::regclass
                        and d.refobjid = c.oid and d.deptype in ('a', 'i')), '{}'::text[]) as sequences
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p')
       and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_(toast|temp_)'
       and not exists (select 1 from pg_depend e where e.classid = 'pg_class'::regclass and e.objid = c.oid and e.deptype = 'e')
     order by n.nspname, c.relname`);
  return rows.map((row) => ({
    schema: row.schema,
    name: row.name,
    owner: row.owner,
    hasRows: row.relkind === 'r',
    sizeBytes: Number(row.size),
    indexes: row.indexes,
    sequences: row.sequences,
  }));
}

/** Schema and role names that contain a space: pg_restore --list separates fields by spaces. */
export async function readTocHints(client: pg.Client): Promise<{ schemas: string[]; owners: string[] }> {
  const { rows } = await client.query<{ schemas: string[]; owners: string[] }>(`
    select coalesce((select array_agg(nspname::text) from pg_namespace where nspname like '% %'), '{}'::text[]) as schemas,
           coalesce((select array_agg(rolname::text) from pg_roles where rolname like '% %'), '{}'::text[]) as owners`);
  return rows[0] ?? { schemas: [], owners: [] };
}

/** Exact row count of one table, in whatever snapshot the client's transaction has. */
export async function countRows(client: pg.Client, schema: string, name: string): Promise<number> {
  const { rows } = await client.query<{ count: string }>(`select count(*) as count from ${qualifiedName(schema, name)}`);
  return Number(rows[0]!.count);
}

export async function databaseExists(client: pg.Client, database: string): Promise<boolean> {
  const { rows } = await client.query('select 1 from pg_database where datname = $1', [database]);
  return rows.length > 0;
}
