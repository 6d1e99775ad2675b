import type pg from 'pg';
import { archiverThresholds, type ArchiverStatus, type ArchiverWarning } from '../../shared/domain/archiving';
import { lsnOf, parseSegmentName, segmentNumber, defaultWalSegmentSizeBytes } from '../../shared/domain/wal';

interface ArchiverRow {
  archive_mode: string;
  configured: boolean;
  archived_count: string;
  failed_count: string;
  last_archived_wal: string | null;
  last_archived_time: Date | null;
  last_failed_wal: string | null;
  last_failed_time: Date | null;
  stats_reset: Date | null;
  current_lsn: string;
  current_wal_file: string;
  in_recovery: boolean;
  segment_size: string;
}

/** The previous reading per cluster, so "failed_count rising" and "WAL being written" can be told. */
export interface ArchiverHistory {
  get(systemIdentifier: string): { failedCount: number; currentLsn: string } | undefined;
  set(systemIdentifier: string, sample: { failedCount: number; currentLsn: string }): void;
}

export function newArchiverHistory(): ArchiverHistory {
  return new Map();
}

/**
 * pg_stat_archiver, the `.ready` files waiting in pg_wal/archive_status, the current WAL
 * position, and the runbooks' alert thresholds (seeds 000 and 004) as warnings.
 */
export async function readArchiverStatus(client: pg.Client, history: ArchiverHistory, now: Date = new Date()): Promise<ArchiverStatus> {
  const result = await client.query<ArchiverRow & { sysid: string | null }>(
    `select current_setting('archive_mode') as archive_mode,
            (current_setting('archive_command') <> '' or coalesce(current_setting('archive_library', true), '') <> '') as configured,
            a.archived_count, a.failed_count, a.last_archived_wal, a.last_archived_time,
            a.last_failed_wal, a.last_failed_time, a.stats_reset,
            pg_is_in_recovery() as in_recovery,
            case when pg_is_in_recovery() then pg_last_wal_replay_lsn()::text else pg_current_wal_lsn()::text end as current_lsn,
            case when pg_is_in_recovery() then '' else pg_walfile_name(pg_current_wal_lsn()) end as current_wal_file,
            current_setting('wal_segment_size') as segment_size,
            (select system_identifier::text from pg_control_system()) as sysid
       from pg_stat_archiver a`,
  );
  const row = result.rows[0]!;
  const ready = await readyCount(client);
  const key = row.sysid ?? 'unknown';
  const previous = history.get(key);
  const failedCount = Number(row.failed_count);
  history.set(key, { failedCount, currentLsn: row.current_lsn });

  const status: ArchiverStatus = {
    checkedAt: now.toISOString(),
    archiveMode: row.archive_mode,
    configured: row.configured,
    archivedCount: Number(row.archived_count),
    failedCount,
    lastArchivedWal: row.last_archived_wal,
    lastArchivedTime: row.last_archived_time?.toISOString() ?? null,
    lastFailedWal: row.last_failed_wal,
    lastFailedTime: row.last_failed_time?.toISOString() ?? null,
    statsReset: row.stats_reset?.toISOString() ?? null,
    readyCount: ready.count,
    readyCountProblem: ready.problem,
    currentLsn: lsnOf(row.current_lsn),
    currentWalFile: row.current_wal_file,
    failedCountRising: previous !== undefined && failedCount > previous.failedCount,
    warnings: [],
  };
  const walWritten = previous !== undefined ? previous.currentLsn !== row.current_lsn : segmentsBehind(row) > 1;
  status.warnings = archiverWarnings(status, { walWritten, now });
  return status;
}

/** The runbooks' thresholds, as warnings a person can act on. */
export function archiverWarnings(status: ArchiverStatus, context: { walWritten: boolean; now: Date }): ArchiverWarning[] {
  const warnings: ArchiverWarning[] = [];
  if (status.archiveMode === 'off' || !status.configured) {
    warnings.push({
      code: 'archiving-off',
      severity: 'critical',
      message:
        status.archiveMode === 'off'
          ? 'WAL archiving is off: point-in-time recovery is impossible.'
          : 'archive_mode is on but no archive_command or archive_library is set: segments pile up in pg_wal.',
    });
    return warnings;
  }
  const failedLast = status.lastFailedTime !== null && (status.lastArchivedTime === null || status.lastFailedTime > status.lastArchivedTime);
  if (failedLast) {
    warnings.push({
      code: 'failing',
      severity: 'critical',
      message: `Archiving is failing: the last attempt, on ${status.lastFailedWal}, failed at ${status.lastFailedTime}, and nothing has been archived since. Segments stay in pg_wal until it works again; read the server log.`,
    });
  } else if (status.failedCountRising) {
    warnings.push({
      code: 'failures-rising',
      severity: 'warning',
      message: `failed_count has risen to ${status.failedCount} since the last check (last failed: ${status.lastFailedWal}).`,
    });
  }
  if (status.readyCount !== null && status.readyCount > archiverThresholds.maxReadySegments) {
    warnings.push({
      code: 'backlog',
      severity: 'warning',
      message: `${status.readyCount} segments are waiting to be archived (more than ${archiverThresholds.maxReadySegments}): WAL is written faster than it is archived.`,
    });
  }
  const ageMinutes = status.lastArchivedTime ? (context.now.getTime() - Date.parse(status.lastArchivedTime)) / 60_000 : null;
  const waiting = (status.readyCount ?? 0) > 0 || context.walWritten;
  if (waiting && (ageMinutes === null || ageMinutes > archiverThresholds.maxArchiveAgeMinutes) && !failedLast) {
    warnings.push({
      code: 'stale',
      severity: 'warning',
      message:
        ageMinutes === null
          ? 'WAL is being written but nothing has been archived yet.'
          : `WAL is being written but the last segment was archived ${Math.round(ageMinutes)} minutes ago (more than ${archiverThresholds.maxArchiveAgeMinutes}): the archiver may be stuck.`,
    });
  }
  return warnings;
}

/** `.ready` files in pg_wal/archive_status (superuser or pg_monitor). */
async function readyCount(client: pg.Client): Promise<{ count: number | null; problem: string | null }> {
  try {
    const result = await client.query<{ ready: string }>("select count(*) as ready from pg_ls_archive_statusdir() where name like '%.ready'");
    return { count: Number(result.rows[0]!.ready), problem: null };
  } catch (error) {
    return { count: null, problem: `Cannot list pg_wal/archive_status: ${(error as Error).message}. Grant pg_monitor to the role to see the backlog.` };
  }
}

/** Completed segments between the last archived one and the current one (same timeline only). */
function segmentsBehind(row: ArchiverRow): number {
  if (!row.last_archived_wal || !row.current_wal_file) return 0;
  const size = Number(row.segment_size) || defaultWalSegmentSizeBytes;
  const last = parseSegmentName(row.last_archived_wal.slice(0, 24), size);
  const current = parseSegmentName(row.current_wal_file, size);
  if (!last || !current || last.timeline !== current.timeline) return 0;
  return Number(segmentNumber(current, size) - segmentNumber(last, size));
}
