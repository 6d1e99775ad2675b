import { z } from 'zod';
import { utf8ByteLength } from './sql-identifier';
import type { ErrorPayload } from './errors';
import { isInstantWithOffset, normalizeInstant } from './pitr-time';
import { connectionTargetSchema } from './profile';
import { parseLsn, type Lsn } from './wal';

/**
 * Point-in-time recovery: where to stop replaying WAL, where the recovered cluster goes, and how
 * a recovery ends. Every end state is a value with a message and a next step, so the wizard and
 * the CLI say the same thing. Timestamps are ISO 8601 in UTC ("…Z").
 */

// --- the target -------------------------------------------------------------------------------

/** An LSN as typed ("16/B374D848"), parsed once into an Lsn. */
export const lsnTextSchema = z
  .string()
  .trim()
  .refine((text) => parseLsn(text) !== null, 'an LSN is two hex numbers separated by a slash, e.g. 0/3000028')
  .transform((text) => parseLsn(text)!);

/** An instant with an explicit offset or Z; a naive local time is refused (it depends on some machine's zone). */
export const instantSchema = z
  .string()
  .trim()
  .refine(isInstantWithOffset, 'a target time needs an explicit UTC offset or Z, e.g. 2026-11-21T14:31:00+01:00')
  .transform((text) => normalizeInstant(text));

/** pg_create_restore_point names: at most 63 bytes (MAXFNAMELEN - 1). */
export const restorePointNameSchema = z
  .string()
  .min(1)
  .refine((name) => utf8ByteLength(name) <= 63, 'a restore point name is at most 63 bytes')
  .refine((name) => !name.includes('\0'), 'a restore point name cannot contain a NUL character');

export const recoveryTargetSchema = z.discriminatedUnion('kind', [
  /** The last commit at or before (inclusive) / before (exclusive) this instant. */
  z.object({ kind: z.literal('time'), at: instantSchema }),
  z.object({ kind: z.literal('lsn'), lsn: lsnTextSchema }),
  /** A transaction id (recovery_target_xid): recovery stops at its commit. */
  z.object({ kind: z.literal('xid'), xid: z.number().int().min(3).max(Number.MAX_SAFE_INTEGER) }),
  /** A named restore point made with pg_create_restore_point (or `tidemark restore-point`). */
  z.object({ kind: z.literal('name'), name: restorePointNameSchema }),
  /** Everything the archive holds. */
  z.object({ kind: z.literal('latest') }),
  /** The end of the base backup: the earliest consistent point (recovery_target = 'immediate'). */
  z.object({ kind: z.literal('immediate') }),
]);
export type RecoveryTargetInput = z.input<typeof recoveryTargetSchema>;
/** A target after validation: a time is a UtcInstant, an LSN an Lsn. */
export type RecoveryTarget = z.output<typeof recoveryTargetSchema>;

/** Targets for which inclusive / exclusive means something (recovery_target_inclusive). */
export function targetTakesInclusive(target: RecoveryTarget): boolean {
  return target.kind === 'time' || target.kind === 'lsn' || target.kind === 'xid';
}

/** recovery_target_timeline: follow the newest timeline in the archive, or stay on a chosen one. */
export const targetTimelineSchema = z.union([z.literal('latest'), z.number().int().min(1)]);
export type TargetTimeline = z.infer<typeof targetTimelineSchema>;

// --- where the recovered cluster goes ---------------------------------------------------------

const absolutePath = z
  .string()
  .trim()
  .min(1)
  .refine((path) => path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path), 'give an absolute path');

export const recoveryDestinationSchema = z.discriminatedUnion('kind', [
  /**
   * The default, non-destructive: a new data directory (absent or empty) and a free port, so the
   * source keeps running while the copy is inspected. Absent dataDir: a folder in Tidemark's home.
   */
  z.object({
    kind: z.literal('new-directory'),
    dataDir: absolutePath.optional(),
    port: z.number().int().min(1024).max(65535).optional(),
  }),
  /**
   * Replace a cluster Tidemark manages (the sandbox, a dev copy): it is stopped, its data directory
   * is moved aside to `<dataDir>.old-<timestamp>` (never deleted), and recovery writes into the
   * original path. `confirmName` must repeat the cluster's name.
   */
  z.object({
    kind: z.literal('in-place'),
    clusterId: z.string().min(1),
    confirmName: z.string(),
  }),
]);
export type RecoveryDestination = z.output<typeof recoveryDestinationSchema>;

// --- the request ------------------------------------------------------------------------------

/** Which cluster's backups and archive to recover from. */
export const recoverySourceSchema = z.discriminatedUnion('kind', [
  /** A saved profile or ad-hoc target; when the server is unreachable its backups still identify it. */
  z.object({
    kind: z.literal('server'),
    server: z.union([z.object({ profileId: z.string().min(1) }), z.object({ target: connectionTargetSchema, password: z.string().min(1).optional() })]),
  }),
  /** The repository alone (the server may be gone); systemIdentifier picks one when it holds several. */
  z.object({
    kind: z.literal('repository'),
    systemIdentifier: z
      .string()
      .regex(/^\d{1,20}$/)
      .optional(),
  }),
]);

export const recoveryRequestSchema = z.object({
  source: recoverySourceSchema.default({ kind: 'repository' }),
  repositoryDir: z.string().trim().min(1).optional(),
  target: recoveryTargetSchema,
  /** Stop after (true) or just before (false) the target; for time, LSN and xid targets. */
  inclusive: z.boolean().default(true),
  timeline: targetTimelineSchema.default('latest'),
  /** A base backup id; absent: the latest usable one that ended before the target. */
  backupId: z.string().min(1).optional(),
  destination: recoveryDestinationSchema,
  /** Pause at the target (recovery_target_action = 'pause') to inspect, then resume or retarget. */
  pauseForInspection: z.boolean().default(false),
  /** A name for the recovered cluster ("Recovered orders at 14:31"); absent: one is made up. */
  name: z.string().trim().min(1).max(80).optional(),
});
export type RecoveryRequest = z.output<typeof recoveryRequestSchema>;
export type RecoveryRequestInput = z.input<typeof recoveryRequestSchema>;

// --- the plan ---------------------------------------------------------------------------------

/** A base backup as the plan shows it. */
export interface PlannedBaseBackup {
  id: string;
  label: string | null;
  timeline: number;
  startLsn: Lsn;
  /** The backup's end: the earliest point it can be recovered to. */
  stopLsn: Lsn;
  startTime: string | null;
  stopTime: string | null;
  format: 'tar' | 'plain';
  /** "zstd", "gzip", "lz4" or null, as the files on disk are compressed. */
  compression: 'gzip' | 'lz4' | 'zstd' | null;
  walIncluded: boolean;
  sizeBytes: number;
  verification: 'passed' | 'failed' | 'not-checked';
}

/** A base backup the plan did not choose, and why it cannot serve this target. */
export interface RejectedBaseBackup {
  id: string;
  reason: string;
}

/** The WAL replay needs, from the backup's start to the target. */
export interface PlannedWal {
  archiveDir: string;
  firstSegment: string;
  /** The last segment replay must read; null when the target's position is only known while replaying (xid, name). */
  lastSegment: string | null;
  /** Segments from the archive (some may come from the backup itself). */
  segmentCount: number;
  sizeBytes: number;
  /** The compressions the restore_command must undo ('none' for plain segments). */
  compressions: ('none' | 'gzip' | 'lz4' | 'zstd')[];
  /** The last commit the archive holds (from pg_waldump), when known. */
  lastCommitTime: string | null;
}

export type PlannedDestination =
  | { kind: 'new-directory'; dataDir: string; port: number; clusterFolder: string }
  | { kind: 'in-place'; clusterId: string; clusterName: string; dataDir: string; port: number; clusterFolder: string; wasRunning: boolean };

/** The target as it will be written, with what the user asked for. */
export interface PlannedTarget {
  target: RecoveryTarget;
  inclusive: boolean;
  timeline: TargetTimeline;
  /** For people: "2026-11-21 14:31:00+00 (UTC), inclusive", "LSN 0/3000028, exclusive", "latest". */
  description: string;
  /** The replay position recovery stops at, when known before replaying (LSN targets, a recorded restore point). */
  stopLsn: Lsn | null;
}

export interface RecoveryPlan {
  systemIdentifier: string;
  repositoryDir: string;
  target: PlannedTarget;
  backup: PlannedBaseBackup;
  /** Other backups that could serve this target (the user may pick one), newest first. */
  alternatives: PlannedBaseBackup[];
  rejected: RejectedBaseBackup[];
  wal: PlannedWal;
  destination: PlannedDestination;
  pauseForInspection: boolean;
  /** The exact lines written at the end of postgresql.auto.conf. */
  settingsLines: string[];
  /** The files the recovery writes in the new data directory, besides the backup's own. */
  filesWritten: string[];
  /** What will happen, in order, for people. */
  steps: string[];
  warnings: string[];
  serverMajor: number;
  name: string;
}

// --- how a recovery ends ----------------------------------------------------------------------

/** A recovery that cannot go ahead, or that stopped short: each with what happened and what to do. */
export type RecoveryProblem =
  | { kind: 'target-before-backup-end'; backupId: string; backupEnd: string }
  | { kind: 'archive-ends-before-target'; lastSegment: string | null; firstMissing: string | null }
  | { kind: 'missing-segment'; segment: string }
  | { kind: 'timeline-lacks-target'; timeline: string }
  | { kind: 'destination-not-empty'; dataDir: string }
  | { kind: 'port-in-use'; port: number }
  | { kind: 'backup-failed-verification'; backupId: string; problem: string }
  | { kind: 'no-usable-backup'; reason: string }
  | { kind: 'failed'; reason: string };

export type RecoveryProblemKind = RecoveryProblem['kind'];

export type RecoveryEndState =
  /** Recovery reached its target and the cluster is a read-write primary on a new timeline. */
  | { kind: 'promoted' }
  /** Recovery stopped at the target and waits (read-only): resume to promote, or retarget later. */
  | { kind: 'paused' }
  | RecoveryProblem;

/** The end state with its message and next step, as both the wizard and the CLI show it. */
export interface DescribedEndState {
  state: RecoveryEndState;
  message: string;
  nextStep: string;
}

export type RecoveryPlanOutcome = { kind: 'ready'; plan: RecoveryPlan } | { kind: 'refused'; refusal: DescribedEndState };

export interface RecoveredTableRef {
  database: string;
  schema: string;
  table: string;
}

/** Rows of one table in the recovered cluster. */
export interface RecoveredTableRows {
  database: string;
  schema: string;
  table: string;
  rows: number;
}

/** What a recovery job returns (promoted or paused); any other end state fails the job with its problem. */
export interface RecoveryResult {
  end: DescribedEndState;
  clusterId: string;
  clusterName: string;
  dataDir: string;
  port: number;
  /** The private socket folder Tidemark connects through (the copy's own pg_hba.conf rules apply over TCP). */
  socketDir: string;
  profileId: string | null;
  superuser: string;
  inRecovery: boolean;
  /** pg_last_xact_replay_timestamp(): the last commit replayed, in UTC. */
  lastReplayedCommitTime: string | null;
  replayLsn: Lsn | null;
  /** The commit recovery stopped at, from the server log ("recovery stopping before commit of transaction 740, time …"). */
  stopPoint: string | null;
  timeline: number | null;
  tables: RecoveredTableRows[];
  /** Tables left uncounted (too many to count at once). */
  tablesNotCounted: number;
  /**
   * Tables a transaction in progress at the target holds locked (a DROP, TRUNCATE or ALTER replayed
   * up to its commit): unreadable while recovery is paused there, released when it is promoted.
   */
  tablesLocked: RecoveredTableRef[];
  backupId: string;
  target: PlannedTarget;
  /** In-place: where the previous data directory went. */
  previousDataDir: string | null;
  segmentsRestored: number;
  elapsedMs: number;
  serverLog: string;
}

/** Live figures of a recovery job, carried as its progress detail (RecoveryJobProgress). */
export interface RecoveryProgress {
  jobId: string;
  phase: 'preparing' | 'extracting' | 'configuring' | 'starting' | 'replaying' | 'promoting' | 'inspecting' | 'finishing' | 'done';
  startLsn: Lsn | null;
  replayLsn: Lsn | null;
  /** The position replay must reach: the target LSN, or the end of the last segment needed. */
  targetLsn: Lsn | null;
  segmentsRestored: number;
  segmentsExpected: number | null;
  lastRestoredSegment: string | null;
  extractedBytes: number;
  extractTotalBytes: number;
  replayedBytes: number;
  bytesPerSecond: number | null;
  elapsedMs: number;
  etaMs: number | null;
  lastReplayedCommitTime: string | null;
}

// --- clusters Tidemark manages, as the recovery pages show them --------------------------------

export type RecoveryStatus = 'recovering' | 'paused' | 'promoted';

/** What Tidemark recorded about the recovery that made a cluster's current data. */
export interface RecoveryRecord {
  status: RecoveryStatus;
  systemIdentifier: string;
  repositoryDir: string;
  backupId: string;
  target: PlannedTarget;
  socketDir: string;
  superuser: string | null;
  startedAt: string;
  endedAt: string | null;
  previousDataDir: string | null;
}

export interface ManagedClusterView {
  id: string;
  name: string;
  role: 'sandbox' | 'recovered';
  state: 'running' | 'stopped' | 'missing';
  dataDir: string;
  port: number;
  majorVersion: number;
  profileId: string | null;
  keepRunning: boolean;
  createdAt: string;
  serverLog: string;
  recovery: RecoveryRecord | null;
  /** Data directories moved aside by in-place recoveries, newest first. */
  oldDataDirs: OldDataDir[];
}

/** A data directory an in-place recovery moved aside (`<dataDir>.old-<timestamp>`). */
export interface OldDataDir {
  clusterId: string;
  clusterName: string;
  path: string;
  /** When it was moved aside (UTC, from its name). */
  movedAsideAt: string;
  sizeBytes: number;
}

export interface RestorePointResult {
  name: string;
  lsn: Lsn;
  createdAt: string;
  timeline: number;
  /** The segment pg_switch_wal() closed: the restore point is in it. */
  segment: string;
  /** Whether that segment reached the archive within the wait. */
  archived: boolean;
  systemIdentifier: string;
}

// --- end states as error payloads -------------------------------------------------------------

/**
 * A problem crosses a job's failure (an ErrorPayload) as flat details: `endState` and its fields.
 * This reads it back, so the wizard can show a refused start or a failed job as a typed end state.
 */
export function recoveryProblemFromError(error: ErrorPayload): RecoveryProblem | null {
  const details = error.details ?? {};
  const text = (key: string) => (typeof details[key] === 'string' ? (details[key] as string) : null);
  switch (details.endState) {
    case 'target-before-backup-end':
      return { kind: 'target-before-backup-end', backupId: text('backupId') ?? '', backupEnd: text('backupEnd') ?? '' };
    case 'archive-ends-before-target':
      return { kind: 'archive-ends-before-target', lastSegment: text('lastSegment'), firstMissing: text('firstMissing') };
    case 'missing-segment':
      return { kind: 'missing-segment', segment: text('segment') ?? '' };
    case 'timeline-lacks-target':
      return { kind: 'timeline-lacks-target', timeline: text('timeline') ?? '' };
    case 'destination-not-empty':
      return { kind: 'destination-not-empty', dataDir: text('dataDir') ?? '' };
    case 'port-in-use':
      return { kind: 'port-in-use', port: Number(details.port) };
    case 'backup-failed-verification':
      return { kind: 'backup-failed-verification', backupId: text('backupId') ?? '', problem: text('problem') ?? '' };
    case 'no-usable-backup':
      return { kind: 'no-usable-backup', reason: text('reason') ?? error.message };
    case 'failed':
      return { kind: 'failed', reason: text('reason') ?? error.message };
    default:
      return null;
  }
}

/** The problem's fields, flat, for ErrorPayload.details. */
export function recoveryProblemDetails(problem: RecoveryProblem): Record<string, string | number | null> {
  const { kind, ...fields } = problem;
  return { endState: kind, ...fields };
}
