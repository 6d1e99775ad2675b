import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type pg from 'pg';
import type { ArchiveVerification } from '../../shared/domain/archiving';
import { TidemarkError } from '../../shared/domain/errors';
import type { ResolvedConnection } from '../profiles/connection';
import { withClient } from '../profiles/open-client';

interface ArchiverCounters {
  archived_count: string;
  failed_count: string;
  last_archived_wal: string | null;
  last_failed_wal: string | null;
}

/**
 * Proves archiving works the way seed 004 checks it, but for real: write a WAL record (so there
 * is something to switch away from), pg_switch_wal(), then wait until that very segment is in the
 * repository folder AND pg_stat_archiver has counted it. A failure count that rises meanwhile is
 * reported with the server's last failed segment: that is how a folder the server cannot write,
 * or a broken command, shows.
 */
export async function verifyArchiving(
  connection: ResolvedConnection,
  archiveDir: string,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<ArchiveVerification> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return withClient(connection, async (client) => {
    const mode = await client.query<{ archive_mode: string; configured: boolean }>(
      `select current_setting('archive_mode') as archive_mode,
              (current_setting('archive_command') <> '' or coalesce(current_setting('archive_library', true), '') <> '') as configured`,
    );
    const { archive_mode: archiveMode, configured } = mode.rows[0]!;
    if (archiveMode === 'off') return { status: 'inactive', message: 'archive_mode is off on the running server (a restart applies it).' };
    if (!configured) return { status: 'inactive', message: 'Neither archive_command nor archive_library is set, so the archiver archives nothing.' };

    const before = await counters(client);
    await writeSomeWal(client);
    const switched = await client.query<{ segment: string }>('select pg_walfile_name(pg_switch_wal()) as segment');
    const segment = switched.rows[0]!.segment;
    const started = Date.now();
    let lastNudge = started;
    for (;;) {
      if (options.signal?.aborted) throw new TidemarkError('cancelled', 'Verification was cancelled.');
      if (Date.now() - lastNudge > 2_000) {
        lastNudge = Date.now();
        await nudgeArchiverStart(client);
      }
      const now = await counters(client);
      const inRepository = await stat(join(archiveDir, segment)).then(
        (s) => s.isFile(),
        () => false,
      );
      const counted = Number(now.archived_count) > Number(before.archived_count) && now.last_archived_wal !== null && now.last_archived_wal >= segment;
      if (inRepository && counted) return { status: 'works', segment, waitedMs: Date.now() - started, archivedCount: Number(now.archived_count) };
      const failures = Number(now.failed_count) - Number(before.failed_count);
      // One failure can be a transient retry; two in a row on our segment is a pattern.
      if (failures >= 2 || (failures >= 1 && Date.now() - started > 5_000)) {
        return {
          status: 'failing',
          segment,
          failedCount: Number(now.failed_count),
          lastFailedWal: now.last_failed_wal,
          message: `The archiver failed ${failures} time(s) since the check started (last failed segment ${now.last_failed_wal ?? 'unknown'}). Look in the server log for the archiver's error; a folder the server cannot write is the usual cause.`,
        };
      }
      if (Date.now() - started > timeoutMs) {
        return {
          status: 'timed-out',
          segment,
          waitedMs: Date.now() - started,
          message: inRepository
            ? `Segment ${segment} is in the repository, but pg_stat_archiver has not counted it after ${Math.round(timeoutMs / 1000)} s.`
            : `Segment ${segment} did not reach ${archiveDir} within ${Math.round(timeoutMs / 1000)} s, and the archiver reported no failure: is the server archiving somewhere else, or is the archiver behind?`,
        };
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  });
}

/**
 * A change of archive_library makes the archiver exit; the postmaster starts a new one only on
 * its next wake-up, which can be a minute away. A reload signal wakes it (and changes nothing
 * else), so while no archiver runs Tidemark sends one every couple of seconds.
 */
async function nudgeArchiverStart(client: pg.Client): Promise<void> {
  try {
    const result = await client.query<{ running: boolean }>("select exists (select 1 from pg_stat_activity where backend_type = 'archiver') as running");
    if (!result.rows[0]!.running) await client.query('select pg_reload_conf()');
  } catch {
    // Not allowed to look or to signal: the archiver comes back on its own, later.
  }
}

async function counters(client: pg.Client): Promise<ArchiverCounters> {
  const result = await client.query<ArchiverCounters>('select archived_count, failed_count, last_archived_wal, last_failed_wal from pg_stat_archiver');
  return result.rows[0]!;
}

/**
 * pg_switch_wal() does nothing when no WAL was written since the last switch. A logical message
 * is a WAL record that touches no table; where the role may not emit one, a transaction with an
 * xid writes a commit record.
 */
async function writeSomeWal(client: pg.Client): Promise<void> {
  try {
    await client.query("select pg_logical_emit_message(false, 'tidemark', 'archiving check')");
  } catch {
    await client.query('select txid_current()');
  }
}
