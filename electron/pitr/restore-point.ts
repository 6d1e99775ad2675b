import { setTimeout as delay } from 'node:timers/promises';
import type { ConnectionRef } from '../../shared/contract/backups';
import { TidemarkError } from '../../shared/domain/errors';
import type { RestorePointResult } from '../../shared/domain/pitr';
import { lsnOf } from '../../shared/domain/wal';
import type { ConnectionResolver } from '../profiles/connection-resolver';
import { withClient } from '../profiles/open-client';
import type { Repositories } from '../repository/repositories';
import { appendRestorePoint } from './restore-point-log';

export interface RestorePointDeps {
  readonly connections: ConnectionResolver;
  readonly repositories: Repositories;
}

/**
 * A named restore point before a risky change: pg_create_restore_point(name) writes a WAL record
 * recovery can stop at, then pg_switch_wal() closes the segment so it reaches the archive now
 * rather than when the segment fills. The point is also logged in the repository with its LSN, so a
 * later recovery to it picks its base backup and checks the archive before starting.
 */
export async function createRestorePoint(
  deps: RestorePointDeps,
  options: { server: ConnectionRef; name: string; repositoryDir?: string; waitForArchiveMs: number },
): Promise<RestorePointResult> {
  const access = deps.connections.accessOf(options.server);
  const connection = await access.connect();
  const repositoryRoot = deps.repositories.rootFor({ repositoryDir: options.repositoryDir, profile: access.profile });
  return withClient(connection, async (client) => {
    const facts = await client.query<{ sid: string; in_recovery: boolean; wal_level: string }>(
      "select system_identifier::text as sid, pg_is_in_recovery() as in_recovery, current_setting('wal_level') as wal_level from pg_control_system()",
    );
    const { sid, in_recovery: inRecovery, wal_level: walLevel } = facts.rows[0]!;
    if (inRecovery) throw new TidemarkError('conflict', 'The server is a standby (in recovery): restore points are created on the primary.');
    if (walLevel === 'minimal')
      throw new TidemarkError('conflict', 'wal_level is minimal: the server writes no restore points.', {
        hint: 'Set wal_level = replica (a restart) and set up archiving.',
      });
    let lsnText: string;
    try {
      lsnText = (await client.query<{ lsn: string }>('select pg_create_restore_point($1)::text as lsn', [options.name])).rows[0]!.lsn;
    } catch (error) {
      if ((error as { code?: string }).code === '42501') {
        throw new TidemarkError('insufficient_privilege', `The role may not create restore points.`, {
          hint: 'Use a superuser, or GRANT EXECUTE ON FUNCTION pg_create_restore_point(text) to the role.',
          cause: error,
        });
      }
      throw error;
    }
    const lsn = lsnOf(lsnText);
    // pg_walfile_name() names the segment holding the byte before an LSN: the record's own, on the current timeline.
    const segment = (await client.query<{ name: string }>('select pg_walfile_name($1::pg_lsn) as name', [lsnText])).rows[0]!.name;
    const timeline = parseInt(segment.slice(0, 8), 16);
    // The switch closes the segment holding the restore point; the archiver then copies it.
    await client.query('select pg_switch_wal()').catch(() => undefined);
    const createdAt = new Date().toISOString();
    await appendRestorePoint(repositoryRoot, sid, { name: options.name, lsn, timeline, createdAt });
    let archived = false;
    const deadline = Date.now() + options.waitForArchiveMs;
    while (!archived && Date.now() < deadline) {
      const row = (await client.query<{ last: string | null }>('select last_archived_wal as last from pg_stat_archiver')).rows[0];
      archived = Boolean(row?.last && row.last.slice(8) >= segment.slice(8) && row.last.length === 24);
      if (!archived) await delay(200);
    }
    return { name: options.name, lsn, createdAt, timeline, segment, archived, systemIdentifier: sid };
  });
}
