/**
 * The SQL of one health tick: a single SELECT that returns one JSON document, so a tick is one
 * round trip whatever the panels (pgAdmin's dashboard sends one request per panel, #2314). Each
 * panel is a fragment; the poller composes the fragments a tick needs, and can run one alone
 * when the whole tick timed out (to say which panel was slow). Queries are chosen by
 * server_version_num (12-17): reserved_connections (16), pg_locks.waitstart (14),
 * pg_stat_checkpointer (17), pg_replication_slots.wal_status (13), total_exec_time (13).
 *
 * The poller's own session (application_name 'tidemark-health', and pg_backend_pid()) is left out
 * of everything it reports.
 */

export const pollerApplicationName = 'tidemark-health';

export type TickPart = 'activity' | 'locks' | 'throughput' | 'safety' | 'statements';

export interface TickSqlOptions {
  versionNum: number;
  /** pg_stat_statements is installed in the connected database. */
  statements: boolean;
}

/** Sessions other than Tidemark's health pollers. */
const othersFilter = `a.pid <> pg_backend_pid() AND a.application_name IS DISTINCT FROM '${pollerApplicationName}'`;

/** One backend as SessionSummary's raw fields (durations computed at the server, in ms). */
function sessionFields(a: string): string {
  return `'pid', ${a}.pid, 'backendStart', ${a}.backend_start, 'database', ${a}.datname, 'user', ${a}.usename,
    'application', ${a}.application_name, 'clientAddress', host(${a}.client_addr), 'state', ${a}.state,
    'query', left(${a}.query, 2000), 'queryTruncated', length(${a}.query) > 2000,
    'queryStart', ${a}.query_start, 'transactionStart', ${a}.xact_start, 'stateChange', ${a}.state_change,
    'queryMs', round(extract(epoch FROM clock_timestamp() - ${a}.query_start) * 1000),
    'stateMs', round(extract(epoch FROM clock_timestamp() - ${a}.state_change) * 1000),
    'transactionMs', round(extract(epoch FROM clock_timestamp() - ${a}.xact_start) * 1000),
    'waitEventType', ${a}.wait_event_type, 'waitEvent', ${a}.wait_event, 'backendType', ${a}.backend_type`;
}

function activitySql({ versionNum }: TickSqlOptions): string {
  const reserved = versionNum >= 160000 ? `current_setting('reserved_connections')::int` : '0';
  return `(SELECT json_build_object(
    'maxConnections', current_setting('max_connections')::int,
    'superuserReservedConnections', current_setting('superuser_reserved_connections')::int,
    'reservedConnections', ${reserved},
    'byState', (SELECT coalesce(json_agg(json_build_object('state', s.state, 'count', s.n)), '[]') FROM
      (SELECT coalesce(a.state, 'unknown') AS state, count(*) AS n FROM pg_stat_activity a
        WHERE a.backend_type = 'client backend' AND ${othersFilter} GROUP BY 1) s),
    'byDatabase', (SELECT coalesce(json_agg(json_build_object('database', d.datname, 'count', d.n, 'active', d.active, 'idleInTransaction', d.idle_tx)), '[]') FROM
      (SELECT a.datname, count(*) AS n, count(*) FILTER (WHERE a.state = 'active') AS active,
              count(*) FILTER (WHERE a.state LIKE 'idle in transaction%') AS idle_tx
         FROM pg_stat_activity a WHERE a.backend_type = 'client backend' AND ${othersFilter} GROUP BY 1) d),
    'waitingOnLocks', (SELECT count(*) FROM pg_stat_activity a WHERE a.wait_event_type = 'Lock' AND ${othersFilter}),
    -- Without pg_read_all_stats, other roles' backends show no backend_type, state or query at all.
    'hiddenSessions', (SELECT count(*) FROM pg_stat_activity a WHERE a.backend_type IS NULL AND ${othersFilter}),
    'longestQueries', (SELECT coalesce(json_agg(q.j ORDER BY q.started), '[]') FROM
      (SELECT json_build_object(${sessionFields('a')}) AS j, a.query_start AS started FROM pg_stat_activity a
        WHERE a.state = 'active' AND a.backend_type = 'client backend' AND ${othersFilter}
        ORDER BY a.query_start LIMIT 20) q),
    'idleInTransaction', (SELECT coalesce(json_agg(q.j ORDER BY q.since), '[]') FROM
      (SELECT json_build_object(${sessionFields('a')}) AS j, a.state_change AS since FROM pg_stat_activity a
        WHERE a.state LIKE 'idle in transaction%' AND ${othersFilter}
        ORDER BY a.state_change LIMIT 20) q)
  ))`;
}

function locksSql({ versionNum }: TickSqlOptions): string {
  // waitstart (14+) is when the lock wait began; before 14 the closest is state_change.
  const waitStart = versionNum >= 140000 ? 'coalesce(l.waitstart, a.state_change)' : 'a.state_change';
  // pg_blocking_pids takes the lock manager's locks: called only for sessions that wait on a Lock.
  return `(WITH waiting AS (
      SELECT a.pid, pg_blocking_pids(a.pid) AS blocked_by FROM pg_stat_activity a
       WHERE a.wait_event_type = 'Lock' AND ${othersFilter}),
    involved AS (SELECT pid FROM waiting UNION SELECT unnest(blocked_by) FROM waiting)
    SELECT coalesce(json_agg(json_build_object(${sessionFields('a')},
      'blockedBy', coalesce(to_json(w.blocked_by), '[]'),
      'lockType', l.locktype, 'lockMode', l.mode,
      'relation', CASE WHEN l.relation IS NULL THEN NULL WHEN l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) THEN l.relation::regclass::text ELSE 'oid ' || l.relation END,
      'waitMs', CASE WHEN l.pid IS NULL THEN NULL ELSE round(extract(epoch FROM clock_timestamp() - ${waitStart}) * 1000) END)), '[]')
    FROM involved i
    JOIN pg_stat_activity a ON a.pid = i.pid
    LEFT JOIN waiting w ON w.pid = i.pid
    LEFT JOIN LATERAL (SELECT * FROM pg_locks l WHERE l.pid = i.pid AND NOT l.granted LIMIT 1) l ON true)`;
}

function throughputSql(): string {
  // Every row, the shared one (datid 0, 15+) included: totals are sums of per-database rates.
  return `(SELECT coalesce(json_agg(json_build_object('datid', d.datid, 'database', d.datname,
      'commits', d.xact_commit, 'rollbacks', d.xact_rollback, 'blocksRead', d.blks_read, 'blocksHit', d.blks_hit,
      'tuplesReturned', d.tup_returned, 'tuplesFetched', d.tup_fetched, 'tuplesInserted', d.tup_inserted,
      'tuplesUpdated', d.tup_updated, 'tuplesDeleted', d.tup_deleted, 'tempFiles', d.temp_files, 'tempBytes', d.temp_bytes,
      'deadlocks', d.deadlocks, 'statsReset', d.stats_reset)), '[]') FROM pg_stat_database d)`;
}

function checkpointsSql({ versionNum }: TickSqlOptions): string {
  if (versionNum >= 170000) {
    return `(SELECT json_build_object('source', 'pg_stat_checkpointer', 'timed', c.num_timed, 'requested', c.num_requested,
        'buffersWrittenByCheckpoints', c.buffers_written, 'buffersWrittenByBgwriter', b.buffers_clean, 'buffersWrittenByBackends', NULL,
        'maxwrittenClean', b.maxwritten_clean, 'writeTimeMs', c.write_time, 'syncTimeMs', c.sync_time, 'statsReset', c.stats_reset)
      FROM pg_stat_checkpointer c, pg_stat_bgwriter b)`;
  }
  return `(SELECT json_build_object('source', 'pg_stat_bgwriter', 'timed', b.checkpoints_timed, 'requested', b.checkpoints_req,
      'buffersWrittenByCheckpoints', b.buffers_checkpoint, 'buffersWrittenByBgwriter', b.buffers_clean, 'buffersWrittenByBackends', b.buffers_backend,
      'maxwrittenClean', b.maxwritten_clean, 'writeTimeMs', b.checkpoint_write_time, 'syncTimeMs', b.checkpoint_sync_time, 'statsReset', b.stats_reset)
    FROM pg_stat_bgwriter b)`;
}

function safetySql(options: TickSqlOptions): string {
  const walStatus = options.versionNum >= 130000 ? 's.wal_status' : 'NULL';
  const currentLsn = 'CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END';
  return `(SELECT json_build_object(
    'inRecovery', pg_is_in_recovery(),
    'autovacuumFreezeMaxAge', current_setting('autovacuum_freeze_max_age')::bigint,
    'autovacuumMultixactFreezeMaxAge', current_setting('autovacuum_multixact_freeze_max_age')::bigint,
    'databases', (SELECT coalesce(json_agg(json_build_object('database', d.datname, 'xidAge', age(d.datfrozenxid), 'multixactAge', mxid_age(d.datminmxid)) ORDER BY age(d.datfrozenxid) DESC), '[]') FROM pg_database d),
    'xminHolders', (SELECT coalesce(json_agg(h ORDER BY h.age DESC), '[]') FROM (
        (SELECT 'session' AS kind, a.pid::text AS name, a.datname AS database, age(a.backend_xmin) AS age, a.xact_start AS since
           FROM pg_stat_activity a WHERE a.backend_xmin IS NOT NULL AND ${othersFilter} ORDER BY age(a.backend_xmin) DESC LIMIT 5)
        UNION ALL
        SELECT 'replication-slot', s.slot_name, s.database, greatest(age(s.xmin), age(s.catalog_xmin)), NULL
          FROM pg_replication_slots s WHERE s.xmin IS NOT NULL OR s.catalog_xmin IS NOT NULL
        UNION ALL
        SELECT 'prepared-transaction', p.gid, p.database, age(p.transaction), p.prepared FROM pg_prepared_xacts p
        UNION ALL
        SELECT 'standby', r.application_name, NULL, age(r.backend_xmin), r.backend_start FROM pg_stat_replication r WHERE r.backend_xmin IS NOT NULL
      ) h),
    'replicationSlots', (SELECT coalesce(json_agg(json_build_object('name', s.slot_name, 'slotType', s.slot_type, 'database', s.database, 'active', s.active,
        'retainedWalBytes', pg_wal_lsn_diff(${currentLsn}, s.restart_lsn)::bigint, 'walStatus', ${walStatus})), '[]') FROM pg_replication_slots s),
    'archiver', (SELECT json_build_object('archiveMode', current_setting('archive_mode'), 'archivedCount', ar.archived_count, 'failedCount', ar.failed_count,
        'lastArchivedWal', ar.last_archived_wal, 'lastArchivedTime', ar.last_archived_time, 'lastFailedWal', ar.last_failed_wal, 'lastFailedTime', ar.last_failed_time)
      FROM pg_stat_archiver ar),
    'standbys', (SELECT coalesce(json_agg(json_build_object('applicationName', r.application_name, 'clientAddress', host(r.client_addr), 'state', r.state, 'syncState', r.sync_state,
        'writeLagMs', round(extract(epoch FROM r.write_lag) * 1000), 'flushLagMs', round(extract(epoch FROM r.flush_lag) * 1000), 'replayLagMs', round(extract(epoch FROM r.replay_lag) * 1000),
        'replayLagBytes', pg_wal_lsn_diff(${currentLsn}, r.replay_lsn)::bigint)), '[]') FROM pg_stat_replication r),
    'checkpoints', ${checkpointsSql(options)},
    'vacuumProgress', (SELECT coalesce(json_agg(json_build_object('pid', v.pid, 'database', v.datname,
        'relation', CASE WHEN v.datname = current_database() THEN v.relid::regclass::text ELSE 'oid ' || v.relid END,
        'phase', v.phase, 'heapBlocksTotal', v.heap_blks_total, 'heapBlocksScanned', v.heap_blks_scanned,
        'automatic', a.backend_type = 'autovacuum worker')), '[]')
      FROM pg_stat_progress_vacuum v LEFT JOIN pg_stat_activity a ON a.pid = v.pid)
  ))`;
}

function statementsSql({ versionNum }: TickSqlOptions): string {
  const total = versionNum >= 130000 ? 'total_exec_time' : 'total_time';
  return `(SELECT coalesce(json_agg(json_build_object('queryId', s.queryid::text, 'query', left(s.query, 2000), 'calls', s.calls,
      'totalMs', s.${total}, 'rows', s.rows) ORDER BY s.${total} DESC), '[]')
    FROM (SELECT * FROM pg_stat_statements ORDER BY ${total} DESC LIMIT 10) s)`;
}

const partSql: Record<TickPart, (options: TickSqlOptions) => string> = {
  activity: activitySql,
  locks: locksSql,
  throughput: throughputSql,
  safety: safetySql,
  statements: statementsSql,
};

/**
 * One SELECT returning `{ startedAt, <part>: …, endedAt }`. clock_timestamp() (not now(), which is
 * the transaction's start) brackets the tick, so its server time and the time between samples are
 * the server's own.
 */
export function tickSql(parts: readonly TickPart[], options: TickSqlOptions): string {
  const fields = parts.map((part) => `'${part}', ${partSql[part](options)}`);
  return `/* tidemark-health tick */ SELECT json_build_object('startedAt', clock_timestamp(), ${fields.join(',\n  ')}, 'endedAt', clock_timestamp()) AS tick`;
}

/** What the poller learns once per connection. */
export const serverFactsSql = `/* tidemark-health facts */ SELECT current_setting('server_version') AS version,
  current_setting('server_version_num')::int AS version_num, current_user AS role,
  (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
  pg_has_role(current_user, 'pg_monitor', 'USAGE') AS pg_monitor,
  pg_has_role(current_user, 'pg_read_all_stats', 'USAGE') AS read_all_stats,
  pg_has_role(current_user, 'pg_read_all_settings', 'USAGE') AS read_all_settings,
  EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements') AS pg_stat_statements,
  pg_backend_pid() AS pid, current_database() AS database`;
