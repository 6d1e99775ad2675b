import type pg from 'pg';
import type { ArchiveServerSettings } from '../../shared/domain/archiving';
import { TidemarkError } from '../../shared/domain/errors';
import { defaultWalSegmentSizeBytes } from '../../shared/domain/wal';
import { majorVersionOf } from '../../shared/domain/server';

const settingNames = [
  'server_version',
  'server_version_num',
  'wal_level',
  'archive_mode',
  'archive_command',
  'archive_library',
  'archive_timeout',
  'max_wal_senders',
  'wal_segment_size',
  'data_directory',
];

/** Reads what archiving (and a base backup) depends on from a live server, in two queries. */
export async function readArchiveServerSettings(client: pg.Client): Promise<ArchiveServerSettings> {
  const settings = new Map<string, { setting: string; pendingRestart: boolean }>();
  // pg_settings hides data_directory from roles without pg_read_all_settings; current_setting
  // would raise instead, so the view is read and a missing row means "not allowed to see it".
  const rows = await client.query<{ name: string; setting: string; pending_restart: boolean }>(
    'select name, setting, pending_restart from pg_settings where name = any($1) or pending_restart',
    [settingNames],
  );
  for (const row of rows.rows) settings.set(row.name, { setting: row.setting, pendingRestart: row.pending_restart });
  const get = (name: string) => settings.get(name)?.setting ?? null;

  const facts = await client.query<{
    sysid: string | null;
    rolname: string;
    rolsuper: boolean;
    rolreplication: boolean;
    monitor: boolean;
    in_recovery: boolean;
    basic_archive_dir: string | null;
  }>(
    `select (select system_identifier::text from pg_control_system()) as sysid,
            r.rolname, r.rolsuper, r.rolreplication,
            pg_has_role(current_user, 'pg_monitor', 'member') as monitor,
            pg_is_in_recovery() as in_recovery,
            -- a custom setting of a library only the archiver loads: visible as a placeholder once set
            current_setting('basic_archive.archive_directory', true) as basic_archive_dir
       from pg_roles r where r.rolname = current_user`,
  );
  const fact = facts.rows[0];
  if (!fact) throw new TidemarkError('server_error', 'The server did not describe the current role.');
  if (!fact.sysid) {
    throw new TidemarkError('insufficient_privilege', "This role may not read the cluster's system identifier (pg_control_system()).", {
      hint: 'Connect as a superuser, or GRANT EXECUTE ON FUNCTION pg_control_system() TO the role.',
    });
  }
  const versionNum = Number(get('server_version_num'));
  return {
    serverVersion: get('server_version') ?? String(versionNum),
    serverVersionNum: versionNum,
    majorVersion: majorVersionOf(versionNum),
    systemIdentifier: fact.sysid,
    walSegmentSizeBytes: Number(get('wal_segment_size') ?? defaultWalSegmentSizeBytes),
    dataDirectory: get('data_directory'),
    walLevel: get('wal_level') ?? 'unknown',
    archiveMode: get('archive_mode') ?? 'off',
    archiveCommand: get('archive_command') ?? '',
    // archive_library exists from PostgreSQL 15.
    archiveLibrary: settings.has('archive_library') ? get('archive_library') : null,
    basicArchiveDirectory: fact.basic_archive_dir || null,
    archiveTimeoutSeconds: Number(get('archive_timeout') ?? 0),
    maxWalSenders: Number(get('max_wal_senders') ?? 0),
    inRecovery: fact.in_recovery,
    role: { name: fact.rolname, superuser: fact.rolsuper, replication: fact.rolreplication, monitor: fact.rolsuper || fact.monitor },
    pendingRestart: [...settings.entries()].filter(([, value]) => value.pendingRestart).map(([name]) => name),
  };
}

/** The cluster's system identifier (decimal text: it exceeds 2^53). */
export async function querySystemIdentifier(client: pg.Client): Promise<string> {
  const result = await client.query<{ sysid: string }>('select system_identifier::text as sysid from pg_control_system()');
  return result.rows[0]!.sysid;
}
