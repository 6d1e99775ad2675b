import type {
  ActivityData,
  ArchiverSummary,
  CheckpointStats,
  ReplicationSlotInfo,
  StandbyLag,
  StatementStat,
  VacuumProgress,
} from '../../shared/domain/health';

/**
 * A tick's JSON document as tick-sql.ts builds it: field names are the SQL's, timestamps are
 * PostgreSQL's JSON text (ISO 8601 with offset). Parsed once here into the panels' types.
 */
export interface RawSession {
  pid: number;
  backendStart: string;
  database: string | null;
  user: string | null;
  application: string | null;
  clientAddress: string | null;
  state: string | null;
  query: string | null;
  queryTruncated: boolean | null;
  queryStart: string | null;
  transactionStart: string | null;
  stateChange: string | null;
  queryMs: number | null;
  stateMs: number | null;
  transactionMs: number | null;
  waitEventType: string | null;
  waitEvent: string | null;
  backendType: string | null;
}

export type RawActivity = Pick<ActivityData, 'maxConnections' | 'superuserReservedConnections' | 'reservedConnections' | 'byDatabase' | 'waitingOnLocks'> & {
  byState: { state: string; count: number }[];
  hiddenSessions: number;
  longestQueries: RawSession[];
  idleInTransaction: RawSession[];
};

export interface RawLockParticipant extends RawSession {
  blockedBy: number[];
  lockType: string | null;
  lockMode: string | null;
  relation: string | null;
  waitMs: number | null;
}

/** One row of pg_stat_database: cumulative counters since statsReset. */
export interface RawDatabaseCounters {
  datid: string;
  database: string | null;
  commits: number;
  rollbacks: number;
  blocksRead: number;
  blocksHit: number;
  tuplesReturned: number;
  tuplesFetched: number;
  tuplesInserted: number;
  tuplesUpdated: number;
  tuplesDeleted: number;
  tempFiles: number;
  tempBytes: number;
  deadlocks: number;
  statsReset: string | null;
}

export interface RawSafety {
  inRecovery: boolean;
  autovacuumFreezeMaxAge: number;
  autovacuumMultixactFreezeMaxAge: number;
  databases: { database: string; xidAge: number; multixactAge: number }[];
  xminHolders: {
    kind: 'session' | 'replication-slot' | 'prepared-transaction' | 'standby';
    name: string;
    database: string | null;
    age: number;
    since: string | null;
  }[];
  replicationSlots: ReplicationSlotInfo[];
  archiver: Omit<ArchiverSummary, 'failing'> | null;
  standbys: StandbyLag[];
  checkpoints: Omit<CheckpointStats, 'requestedPercent'> | null;
  vacuumProgress: (Omit<VacuumProgress, 'percentScanned' | 'automatic'> & { automatic: boolean | null })[];
}

export interface RawTick {
  startedAt: string;
  endedAt: string;
  activity?: RawActivity;
  locks?: RawLockParticipant[];
  throughput?: RawDatabaseCounters[];
  safety?: RawSafety;
  statements?: Omit<StatementStat, 'meanMs'>[];
}
