import { z } from 'zod';
import type { ArchiverStatus } from './archiving';
import type { ErrorPayload } from './errors';

/**
 * Health dashboards (issue 12): what the poller in electron/health/ sees of one profile's server,
 * panel by panel, and the checks with thresholds that the dashboard, the CLI's exit code and the
 * red-threshold notification all read. Times are ISO 8601 with offset; `at` of a sample is the
 * server's clock (clock_timestamp() of the tick), so rates never depend on the local timer.
 */

export const healthStates = ['green', 'amber', 'red', 'unknown'] as const;
/** unknown: no data (not sampled yet, the server is down, or the role may not see it). */
export type HealthState = (typeof healthStates)[number];

export const healthPanelIds = ['activity', 'locks', 'throughput', 'storage', 'safety', 'statements'] as const;
export type HealthPanelId = (typeof healthPanelIds)[number];

// ---------------------------------------------------------------------------------------------
// Checks and thresholds
// ---------------------------------------------------------------------------------------------

export const healthCheckNames = [
  'connections',
  'long-queries',
  'idle-in-transaction',
  'lock-waits',
  'cache-hit',
  'deadlocks',
  'xid-wraparound',
  'multixact-wraparound',
  'archiver',
  'replication-lag',
  'inactive-slots',
  'dead-tuples',
] as const;
export type HealthCheckName = (typeof healthCheckNames)[number];

export type HealthCheckUnit = 'percent' | 'seconds' | 'count' | 'per-second' | 'bytes';

/** above: worse as it grows (connections); below: worse as it falls (cache hit ratio). */
export type ThresholdDirection = 'above' | 'below';

/** Amber at or past `amber`, red at or past `red` (past = in the check's direction). */
export interface Threshold {
  amber: number;
  red: number;
}

export interface HealthCheckDefinition {
  name: HealthCheckName;
  panel: HealthPanelId;
  label: string;
  unit: HealthCheckUnit;
  direction: ThresholdDirection;
  defaults: Threshold;
  /** Evaluated by the 60 s background check while the dashboard is hidden and alerts are on. */
  background: boolean;
  /** What the value measures, for the dashboard's tooltip and the CLI's --help. */
  description: string;
}

/**
 * The seeds' defaults: connections > 80% (seed 001's monitor-db.sh), queries > 5 min (seed 001),
 * wraparound > 50% (seed 000), cache hit < 99% (seed 001), archiver failing (seeds 000, 004),
 * replication lag > 1 min. Red sits one step further where the seeds give only one figure.
 */
export const healthCheckDefinitions: Readonly<Record<HealthCheckName, HealthCheckDefinition>> = {
  connections: {
    name: 'connections',
    panel: 'activity',
    label: 'Connections',
    unit: 'percent',
    direction: 'above',
    defaults: { amber: 80, red: 90 },
    background: true,
    description: 'Client connections as a share of max_connections minus superuser_reserved_connections (and reserved_connections on 16+).',
  },
  'long-queries': {
    name: 'long-queries',
    panel: 'activity',
    label: 'Longest query',
    unit: 'seconds',
    direction: 'above',
    defaults: { amber: 300, red: 1800 },
    background: true,
    description: 'How long the longest active query has been running (now() - query_start).',
  },
  'idle-in-transaction': {
    name: 'idle-in-transaction',
    panel: 'activity',
    label: 'Idle in transaction',
    unit: 'seconds',
    direction: 'above',
    defaults: { amber: 300, red: 1800 },
    background: true,
    description: 'The longest time a session has sat idle inside an open transaction (holding locks and the xmin horizon).',
  },
  'lock-waits': {
    name: 'lock-waits',
    panel: 'locks',
    label: 'Lock waits',
    unit: 'seconds',
    direction: 'above',
    defaults: { amber: 60, red: 300 },
    background: true,
    description: 'The longest time a session has waited for a lock another session holds (pg_blocking_pids).',
  },
  'cache-hit': {
    name: 'cache-hit',
    panel: 'throughput',
    label: 'Cache hit ratio',
    unit: 'percent',
    direction: 'below',
    defaults: { amber: 99, red: 95 },
    background: false,
    description: 'blks_hit / (blks_hit + blks_read) over the last interval, all databases.',
  },
  deadlocks: {
    name: 'deadlocks',
    panel: 'throughput',
    label: 'Deadlocks',
    unit: 'per-second',
    direction: 'above',
    defaults: { amber: 0.001, red: 0.1 },
    background: false,
    description: 'Deadlocks detected per second over the last interval.',
  },
  'xid-wraparound': {
    name: 'xid-wraparound',
    panel: 'safety',
    label: 'Transaction ID age',
    unit: 'percent',
    direction: 'above',
    defaults: { amber: 50, red: 75 },
    background: true,
    description: 'The oldest age(datfrozenxid) of any database as a share of the 2^31 wraparound limit.',
  },
  'multixact-wraparound': {
    name: 'multixact-wraparound',
    panel: 'safety',
    label: 'Multixact age',
    unit: 'percent',
    direction: 'above',
    defaults: { amber: 50, red: 75 },
    background: true,
    description: 'The oldest mxid_age(datminmxid) of any database as a share of the 2^31 limit.',
  },
  archiver: {
    name: 'archiver',
    panel: 'safety',
    label: 'WAL archiver',
    unit: 'count',
    direction: 'above',
    defaults: { amber: 1, red: 1 },
    background: true,
    description: '1 when the last archive attempt failed (last_failed_time after last_archived_time), else 0; unknown when archiving is off.',
  },
  'replication-lag': {
    name: 'replication-lag',
    panel: 'safety',
    label: 'Replication lag',
    unit: 'seconds',
    direction: 'above',
    defaults: { amber: 60, red: 300 },
    background: true,
    description: 'The largest replay_lag of any standby in pg_stat_replication.',
  },
  'inactive-slots': {
    name: 'inactive-slots',
    panel: 'safety',
    label: 'WAL held by inactive slots',
    unit: 'bytes',
    direction: 'above',
    defaults: { amber: 1024 ** 3, red: 10 * 1024 ** 3 },
    background: true,
    description: 'WAL retained by replication slots that no client is using (pg_current_wal_lsn() - restart_lsn).',
  },
  'dead-tuples': {
    name: 'dead-tuples',
    panel: 'storage',
    label: 'Dead tuples',
    unit: 'percent',
    direction: 'above',
    defaults: { amber: 20, red: 50 },
    background: false,
    description: 'The highest n_dead_tup / (n_live_tup + n_dead_tup) of a table with more than 10,000 rows.',
  },
};

export const thresholdSchema = z.object({ amber: z.number().finite(), red: z.number().finite() }).strict();

export type HealthThresholds = Record<HealthCheckName, Threshold>;

/** One profile's dashboard settings (kept in the app data folder, per profile). */
export interface HealthProfileSettings {
  profileId: string;
  /** Tick cadence while a window shows the dashboard, 1-60 s. */
  intervalSeconds: number;
  /** When on, a 60 s background check of the `background` checks runs while no window shows the dashboard, and red raises a notification. */
  alertsEnabled: boolean;
  thresholds: HealthThresholds;
  /** Checks whose thresholds differ from the defaults. */
  customised: HealthCheckName[];
}

export const healthIntervalSeconds = { min: 1, max: 60, default: 2 } as const;
/** The background threshold check's cadence while the dashboard is hidden and alerts are on. */
export const healthBackgroundIntervalMs = 60_000;
/** Storage and bloat queries' cadence (also on demand: health.refreshStorage). */
export const healthStorageIntervalMs = 3_600_000;
/** A watch ends unless renewed within this (a closed window or dropped socket stops polling by itself). */
export const healthWatchLeaseMs = 60_000;
/** 2^31: the distance at which XIDs and multixacts wrap around. */
export const wraparoundLimit = 2 ** 31;

/** One check's verdict. `value` is null when it could not be measured (see `problem`). */
export interface HealthCheckResult {
  name: HealthCheckName;
  panel: HealthPanelId;
  label: string;
  unit: HealthCheckUnit;
  direction: ThresholdDirection;
  value: number | null;
  threshold: Threshold;
  state: HealthState;
  /** One line: what the value is about ("pid 4123 on shop, 7m12s"). */
  detail: string | null;
  problem: PanelProblem | null;
}

/** Where a threshold puts a value: the one rule the poller, the CLI and the dashboard share. */
export function stateOf(value: number | null, threshold: Threshold, direction: ThresholdDirection): HealthState {
  if (value === null || !Number.isFinite(value)) return 'unknown';
  const past = (limit: number) => (direction === 'above' ? value >= limit : value <= limit);
  if (past(threshold.red)) return 'red';
  if (past(threshold.amber)) return 'amber';
  return 'green';
}

const stateRank: Record<HealthState, number> = { unknown: 0, green: 1, amber: 2, red: 3 };

/** The worst of several states; unknown only when nothing is known. */
export function worstState(states: Iterable<HealthState>): HealthState {
  let worst: HealthState = 'unknown';
  for (const state of states) if (stateRank[state] > stateRank[worst]) worst = state;
  return worst;
}

/** The check_postgres / Nagios convention the CLI exits with: 0 green, 1 amber, 2 red, 3 unknown. */
export function exitCodeOf(state: HealthState): 0 | 1 | 2 | 3 {
  return ({ green: 0, amber: 1, red: 2, unknown: 3 } as const)[state];
}

// ---------------------------------------------------------------------------------------------
// Panels
// ---------------------------------------------------------------------------------------------

/** Why a panel (or one check) has no data or only part of it. */
export type PanelProblem =
  /** Its query ran past the poller's statement_timeout; the other panels kept working. */
  | { kind: 'timed-out'; timeoutMs: number; message: string }
  /** The role may not see it: `privilege` names what to grant ("pg_monitor", "pg_read_all_stats", "superuser", "EXECUTE on pg_ls_waldir()"). */
  | { kind: 'needs-privilege'; privilege: string; message: string }
  /** Not on this server: pg_stat_statements not installed, no standbys, archiving off, a 12-only view. */
  | { kind: 'not-available'; message: string }
  | { kind: 'failed'; message: string; sqlstate: string | null };

export interface HealthPanel<Id extends HealthPanelId, Data> {
  id: Id;
  /** The worst of its checks (unknown when it has no data). */
  state: HealthState;
  checks: HealthCheckResult[];
  problems: PanelProblem[];
  /** Null until it has been sampled once. */
  data: Data | null;
  /** The server time of the sample `data` came from. */
  sampledAt: string | null;
  /** The data is from before the server went down (show it greyed). */
  stale: boolean;
}

/** A backend as the activity and locks panels show it. `pid` + `backendStart` name it uniquely (pids are reused). */
export interface SessionSummary {
  pid: number;
  backendStart: string;
  database: string | null;
  user: string | null;
  application: string;
  clientAddress: string | null;
  state: SessionState;
  /** The query text, cut at 2,000 characters (`queryTruncated`). */
  query: string;
  queryTruncated: boolean;
  queryStart: string | null;
  transactionStart: string | null;
  stateChange: string | null;
  /** Since query_start for an active session, since state_change for an idle one. */
  durationMs: number | null;
  transactionDurationMs: number | null;
  waitEventType: string | null;
  waitEvent: string | null;
  backendType: string;
  /** The health poller's own session or the session that would send the signal: cancel and terminate are refused. */
  protected: boolean;
}

export const sessionStates = [
  'active',
  'idle',
  'idle in transaction',
  'idle in transaction (aborted)',
  'fastpath function call',
  'disabled',
  'unknown',
] as const;
export type SessionState = (typeof sessionStates)[number];

export interface ActivityData {
  maxConnections: number;
  superuserReservedConnections: number;
  /** reserved_connections (16+), 0 before. */
  reservedConnections: number;
  /** max_connections minus both reservations: what an ordinary role can use. */
  usableConnections: number;
  /** Client backends (the poller's own excluded). */
  clientConnections: number;
  byState: { state: SessionState; count: number }[];
  byDatabase: { database: string | null; count: number; active: number; idleInTransaction: number }[];
  /** Waiting on a lock (wait_event_type = 'Lock'). */
  waitingOnLocks: number;
  /** Sessions idle in transaction, longest first (at most 20). */
  idleInTransaction: SessionSummary[];
  /** Active queries, longest first (at most 20). */
  longestQueries: SessionSummary[];
  /** Other roles' sessions hide their query text unless the role has pg_read_all_stats (or pg_monitor). */
  queryTextHidden: boolean;
}

export interface BlockingNode {
  session: SessionSummary;
  /** The lock it waits for (null for a root that waits for nothing). */
  waitingFor: { lockType: string; mode: string; relation: string | null } | null;
  /** How long it has waited (since state_change while waiting on a Lock); null for a root. */
  waitMs: number | null;
  /** Every pid that blocks it (pg_blocking_pids), even those shown under another parent. */
  blockedBy: number[];
  /** Sessions it blocks directly. */
  children: BlockingNode[];
}

export interface LocksData {
  /** Sessions that block others and wait for no one (or sit in a cycle), each with what it blocks. */
  roots: BlockingNode[];
  blockedSessions: number;
  longestWaitMs: number | null;
  /** Sessions waiting on locks in a deadlock cycle the detector has not broken yet. */
  cycle: boolean;
}

/** Why a point of a time series has no rates. */
export type GapReason =
  /** The first sample after starting or resuming (rates need two samples). */
  | 'first-sample'
  /** stats_reset changed between samples (pg_stat_reset(), a crash restart). */
  | 'stats-reset'
  /** A cumulative counter went down without a stats_reset change (a database dropped and recreated, a restart). */
  | 'counter-went-backwards'
  /** Nothing was sampled for longer than 3 intervals (hidden dashboard, laptop asleep, server down). */
  | 'not-polled';

/** Per-second rates over the interval between two samples, the interval measured by the server's clock. */
export interface ThroughputRates {
  intervalMs: number;
  commitsPerSecond: number;
  rollbacksPerSecond: number;
  /** xact_commit + xact_rollback. */
  transactionsPerSecond: number;
  tuplesReturnedPerSecond: number;
  tuplesFetchedPerSecond: number;
  tuplesInsertedPerSecond: number;
  tuplesUpdatedPerSecond: number;
  tuplesDeletedPerSecond: number;
  blocksReadPerSecond: number;
  blocksHitPerSecond: number;
  /** Null when no block was touched in the interval. */
  cacheHitPercent: number | null;
  tempFilesPerSecond: number;
  tempBytesPerSecond: number;
  deadlocksPerSecond: number;
}

export interface DatabaseThroughput {
  database: string;
  rates: ThroughputRates | null;
  gap: GapReason | null;
  /** Since stats_reset (or the cluster's start). */
  cacheHitPercentSinceReset: number | null;
  statsReset: string | null;
}

export interface ThroughputData {
  /** All databases together; null with `gap` when this sample starts a new series. */
  rates: ThroughputRates | null;
  gap: GapReason | null;
  cacheHitPercentSinceReset: number | null;
  databases: DatabaseThroughput[];
}

export interface RelationSize {
  schema: string;
  name: string;
  totalBytes: number;
  heapBytes: number;
  indexBytes: number;
  toastBytes: number;
  estimatedRows: number | null;
}

export interface IndexSize {
  schema: string;
  table: string;
  name: string;
  sizeBytes: number;
  scans: number;
}

/** A statistics-based bloat estimate (the usual pgstattuple-free queries): about ±20%. */
export interface BloatEstimate {
  schema: string;
  table: string;
  /** Set for an index estimate. */
  index: string | null;
  actualBytes: number;
  /** Null with noStatistics: pg_stats has no rows for its columns (never analyzed). */
  bloatBytes: number | null;
  bloatPercent: number | null;
  noStatistics: boolean;
}

export interface TableMaintenance {
  schema: string;
  table: string;
  liveTuples: number;
  deadTuples: number;
  deadTuplePercent: number | null;
  lastVacuum: string | null;
  lastAutovacuum: string | null;
  lastAnalyze: string | null;
  lastAutoanalyze: string | null;
  /** Neither vacuumed nor autovacuumed since statistics began. */
  neverVacuumed: boolean;
  neverAnalyzed: boolean;
}

export interface StorageData {
  /** Table-level figures are of this database only (PostgreSQL's statistics views are per database). */
  database: string;
  refreshedAt: string;
  /** Server time the storage queries took. */
  durationMs: number;
  nextRefreshAt: string;
  databases: { name: string; sizeBytes: number }[];
  largestTables: RelationSize[];
  largestIndexes: IndexSize[];
  bloat: { estimate: true; accuracy: 'about ±20%'; tables: BloatEstimate[]; indexes: BloatEstimate[] };
  unusedIndexes: IndexSize[];
  /** Indexes on the same table with the same columns, expressions and predicate. */
  duplicateIndexes: { schema: string; table: string; indexes: string[]; sizeBytes: number }[];
  maintenance: TableMaintenance[];
}

export interface DatabaseAge {
  database: string;
  xidAge: number;
  multixactAge: number;
  /** Shares, 0-100+. */
  xidPercentOfFreezeMaxAge: number;
  xidPercentOfLimit: number;
  multixactPercentOfFreezeMaxAge: number;
  multixactPercentOfLimit: number;
}

/** What holds back the xmin horizon, so vacuum cannot remove dead rows or freeze. */
export interface XminHolder {
  kind: 'session' | 'replication-slot' | 'prepared-transaction' | 'standby';
  /** pid, slot name, gid or standby's application_name. */
  name: string;
  database: string | null;
  xminAge: number;
  since: string | null;
}

export interface ReplicationSlotInfo {
  name: string;
  slotType: 'physical' | 'logical';
  database: string | null;
  active: boolean;
  retainedWalBytes: number | null;
  /** wal_status (13+): reserved, extended, unreserved, lost. */
  walStatus: string | null;
}

export interface StandbyLag {
  applicationName: string;
  clientAddress: string | null;
  state: string;
  syncState: string;
  writeLagMs: number | null;
  flushLagMs: number | null;
  replayLagMs: number | null;
  replayLagBytes: number | null;
}

/** pg_stat_archiver's figures, as archive.status reports them (without the `.ready` listing, which needs more privilege). */
export type ArchiverSummary = Pick<
  ArchiverStatus,
  'archiveMode' | 'archivedCount' | 'failedCount' | 'lastArchivedWal' | 'lastArchivedTime' | 'lastFailedWal' | 'lastFailedTime'
> & {
  /** last_failed_time is after last_archived_time. */
  failing: boolean;
};

export interface CheckpointStats {
  /** pg_stat_bgwriter (12-16) or pg_stat_checkpointer (17). */
  source: 'pg_stat_bgwriter' | 'pg_stat_checkpointer';
  timed: number;
  requested: number;
  /** Requested as a share of all checkpoints since stats_reset: high means max_wal_size is too small. */
  requestedPercent: number | null;
  buffersWrittenByCheckpoints: number;
  buffersWrittenByBgwriter: number;
  /** Null on 17 (moved to pg_stat_io). */
  buffersWrittenByBackends: number | null;
  maxwrittenClean: number;
  writeTimeMs: number;
  syncTimeMs: number;
  statsReset: string | null;
}

export interface VacuumProgress {
  pid: number;
  database: string;
  relation: string | null;
  phase: string;
  heapBlocksTotal: number;
  heapBlocksScanned: number;
  percentScanned: number | null;
  /** autovacuum worker, or a manual VACUUM. */
  automatic: boolean;
}

export interface SafetyData {
  autovacuumFreezeMaxAge: number;
  autovacuumMultixactFreezeMaxAge: number;
  wraparoundLimit: number;
  databases: DatabaseAge[];
  xminHolders: XminHolder[];
  replicationSlots: ReplicationSlotInfo[];
  /** Null when the role may not read pg_stat_archiver's settings. */
  archiver: ArchiverSummary | null;
  standbys: StandbyLag[];
  checkpoints: CheckpointStats | null;
  vacuumProgress: VacuumProgress[];
  inRecovery: boolean;
}

export interface StatementStat {
  queryId: string;
  query: string;
  calls: number;
  totalMs: number;
  meanMs: number;
  rows: number;
}

/** pg_stat_statements' heaviest statements; the panel appears only where the extension is installed. */
export interface StatementsData {
  top: StatementStat[];
}

export interface HealthPanels {
  activity: HealthPanel<'activity', ActivityData>;
  locks: HealthPanel<'locks', LocksData>;
  throughput: HealthPanel<'throughput', ThroughputData>;
  storage: HealthPanel<'storage', StorageData>;
  safety: HealthPanel<'safety', SafetyData>;
  /** Absent where pg_stat_statements is not installed in the profile's database. */
  statements?: HealthPanel<'statements', StatementsData>;
}

// ---------------------------------------------------------------------------------------------
// The snapshot and the poller's state
// ---------------------------------------------------------------------------------------------

export interface HealthServerFacts {
  version: string;
  /** server_version_num, e.g. 150004. */
  versionNum: number;
  role: string;
  superuser: boolean;
  /** Member of pg_monitor (or superuser). */
  pgMonitor: boolean;
  pgStatStatements: boolean;
  /** The poller's backend pid (excluded from every panel). */
  pollerPid: number;
}

/**
 * How the poller stands: `watching` (a window shows the dashboard), `background` (hidden, alerts
 * on: the 60 s threshold check), `idle` (nothing polls), `down` (the server did not answer: last
 * data shown greyed, retried with back-off).
 */
export type HealthPollState =
  | { kind: 'watching'; intervalMs: number }
  | { kind: 'background'; intervalMs: number }
  | { kind: 'idle' }
  | { kind: 'down'; reason: ErrorPayload; since: string; attempts: number; nextRetryAt: string };

export interface HealthSnapshot {
  profileId: string;
  profileName: string;
  poll: HealthPollState;
  /** Null until the first successful connection. */
  server: HealthServerFacts | null;
  /** The worst panel state. */
  state: HealthState;
  /** Every check of every panel, in healthCheckNames' order. */
  checks: HealthCheckResult[];
  panels: HealthPanels;
  /** Server time of the last successful tick. */
  sampledAt: string | null;
  /** How long the last tick took at the server (clock_timestamp() at its end minus at its start). */
  tickServerMs: number | null;
  /** Round trip of the last tick, as the poller saw it. */
  tickRoundTripMs: number | null;
}

/** The chartable series; rates are null at a gap. */
export const healthSeriesKeys = [
  'transactionsPerSecond',
  'commitsPerSecond',
  'rollbacksPerSecond',
  'tuplesReturnedPerSecond',
  'tuplesFetchedPerSecond',
  'tuplesInsertedPerSecond',
  'tuplesUpdatedPerSecond',
  'tuplesDeletedPerSecond',
  'blocksReadPerSecond',
  'blocksHitPerSecond',
  'cacheHitPercent',
  'tempFilesPerSecond',
  'tempBytesPerSecond',
  'deadlocksPerSecond',
  'clientConnections',
  'activeConnections',
  'idleInTransactionConnections',
  'waitingOnLocks',
  'longestQuerySeconds',
  'maxReplayLagSeconds',
] as const;
export type HealthSeriesKey = (typeof healthSeriesKeys)[number];

/** One sample of the time series. A point with `gap` set starts a new segment: draw no line into it. */
export interface HealthPoint {
  /** Server time of the sample. */
  at: string;
  gap: GapReason | null;
  values: Record<HealthSeriesKey, number | null>;
}

export interface HealthHistory {
  profileId: string;
  range: 'live' | 'day';
  /** live: one point a tick, the last 15 minutes (in memory); day: one point a minute (averages), the last 24 h (app data folder). */
  resolutionMs: number | null;
  points: HealthPoint[];
}

/** What a tick pushes on `health.sample` to every window (and the CLI's watch). */
export interface HealthSampleEvent {
  profileId: string;
  snapshot: HealthSnapshot;
  /** Null when the tick failed (the snapshot says why) or was a background check. */
  point: HealthPoint | null;
}

export interface HealthWatchLease {
  profileId: string;
  watcherId: string;
  intervalMs: number;
  /** Renew (call health.watch again) before this, or polling stops. */
  expiresAt: string;
  snapshot: HealthSnapshot;
}

export interface SessionActionResult {
  pid: number;
  action: 'cancel' | 'terminate';
  /** pg_cancel_backend / pg_terminate_backend answered true. */
  signalled: boolean;
  message: string;
}
