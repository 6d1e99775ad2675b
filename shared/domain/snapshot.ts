import { z } from 'zod';

/** A snapshot's id: 12 lowercase letters and digits, so `tidemark_snap_<id>` is a plain 26-byte name no user database collides with. */
export const snapshotIdSchema = z.string().regex(/^[a-z0-9]{12}$/, 'a snapshot id is 12 lowercase letters and digits');

/** What a snapshot is called by people: any text (quotes, spaces, any script), unique per profile. */
export const snapshotNameSchema = z.string().trim().min(1, 'a snapshot needs a name').max(200);

/** How long a snapshot is kept: 90m, 12h, 7d, 2w. */
export const snapshotTtlSchema = z.string().regex(/^\d{1,5}[mhdw]$/, 'a TTL is a number and m, h, d or w (90m, 12h, 7d, 2w)');

export const createStrategies = ['WAL_LOG', 'FILE_COPY'] as const;
/** CREATE DATABASE's STRATEGY (PostgreSQL 15+): WAL_LOG writes every block to WAL, FILE_COPY copies files between two checkpoints. */
export type CreateStrategy = (typeof createStrategies)[number];

/** How a restore put the snapshot in place: renaming a prepared copy (fast), or CREATE DATABASE ... TEMPLATE (slow). */
export type RestorePath = 'rename' | 'template';

/** A snapshot as the app's data folder records it (<home>/snapshots/<id>.json). */
export interface SnapshotRecord {
  id: string;
  name: string;
  profileId: string;
  /** The database it was taken of; a restore puts it back under this name. */
  sourceDatabase: string;
  /** tidemark_snap_<id>: the template restores copy from. */
  database: string;
  /** The source's database comment at create time, put back on the restored database. */
  sourceComment: string | null;
  /** 'undo': the state a restore replaced, kept until the next restore of that database or its TTL. */
  kind: 'manual' | 'undo' | 'backup';
  createdAt: string;
  sizeBytes: number;
  note: string | null;
  /** When cleanup may drop it; null: kept until deleted. */
  expiresAt: string | null;
  strategy: CreateStrategy;
  createDurationMs: number;
  /** Whether a prepared copy is kept for the fast restore (it costs sizeBytes more disk). */
  preparedCopies: boolean;
  /** The prepared copy ready to be renamed into place, if any. */
  preparedDatabase: string | null;
  /** The last restore of this snapshot, for the restore button's estimate. */
  lastRestore: { path: RestorePath; durationMs: number; at: string } | null;
  /** The last preparation's duration, for its progress estimate. */
  lastPrepareMs: number | null;
}

/** Another session connected to a database a snapshot operation needs to itself. */
export interface SnapshotSession {
  pid: number;
  user: string | null;
  application: string | null;
  /** When the session started (ISO). */
  since: string | null;
}

export interface SnapshotView extends SnapshotRecord {
  /** Whether its database is still on the server (null: the server was not asked). */
  present: boolean | null;
  /** The time the restore button announces: the last restore's, else the path's expected figure. */
  expectedRestoreMs: number | null;
}

export interface SnapshotList {
  snapshots: SnapshotView[];
  /** Databases whose comment says Tidemark made them but no record names (records lost, another home). */
  unrecorded: { database: string; id: string; sizeBytes: number }[];
  /** Disk all listed snapshots and their prepared copies use. */
  totalBytes: number;
}

export interface SnapshotCreateResult {
  snapshot: SnapshotRecord;
  durationMs: number;
  strategy: CreateStrategy;
  /** Sessions that were ended (--terminate). */
  terminated: SnapshotSession[];
  /** The background preparation of the restore copy, when one was started. */
  preparationJobId: string | null;
}

export interface SnapshotRestoreResult {
  snapshot: SnapshotRecord;
  database: string;
  path: RestorePath;
  durationMs: number;
  terminated: SnapshotSession[];
  /** The replaced state, kept as an automatic snapshot (null when the database did not exist). */
  undo: SnapshotRecord | null;
  preparationJobId: string | null;
}

export interface TableDifference {
  table: string;
  columnsAdded: string[];
  columnsDropped: string[];
  typesChanged: { column: string; from: string; to: string }[];
  indexesAdded: string[];
  indexesDropped: string[];
  constraintsAdded: string[];
  constraintsDropped: string[];
}

export interface SnapshotComparison {
  snapshot: string;
  database: string;
  tablesAdded: string[];
  tablesDropped: string[];
  tablesAltered: TableDifference[];
  /** Exact counts (count(*)) of every table in either: null where it does not exist. */
  rowCounts: { table: string; snapshot: number | null; current: number | null }[];
}

export interface SnapshotCleanupPlan {
  drops: { id: string; name: string; databases: string[]; sizeBytes: number; reason: string }[];
  freedBytes: number;
  applied: boolean;
}

export interface SnapshotPrepareResult {
  snapshotId: string;
  preparedDatabase: string;
  durationMs: number;
}

/** 7d → milliseconds. */
export function ttlMs(ttl: string): number {
  const unit = ttl.slice(-1);
  const count = Number(ttl.slice(0, -1));
  const unitMs = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[unit] ?? Number.NaN;
  return count * unitMs;
}
