import type { Lsn } from './wal';

/**
 * Setting up WAL archiving into the Tidemark repository, and watching the archiver.
 * Timestamps are ISO 8601 in UTC.
 */

/** The server settings and role facts archiving depends on, read live. */
export interface ArchiveServerSettings {
  /** e.g. "15.18 (Debian 15.18-0+deb12u1)". */
  serverVersion: string;
  serverVersionNum: number;
  majorVersion: number;
  systemIdentifier: string;
  walSegmentSizeBytes: number;
  dataDirectory: string | null;
  walLevel: string;
  archiveMode: string;
  archiveCommand: string;
  archiveLibrary: string | null;
  /** basic_archive.archive_directory, when set. */
  basicArchiveDirectory: string | null;
  archiveTimeoutSeconds: number;
  maxWalSenders: number;
  inRecovery: boolean;
  role: {
    name: string;
    superuser: boolean;
    replication: boolean;
    /** Member of pg_monitor: may read the archive status folder. */
    monitor: boolean;
  };
  /** Settings changed in the configuration but waiting for a restart (pg_settings.pending_restart). */
  pendingRestart: string[];
}

/** How the proposed configuration archives a segment. */
export type ArchiveMethod =
  | {
      kind: 'basic_archive';
      /** The repository's WAL folder for this cluster. */
      directory: string;
    }
  | {
      kind: 'archive_command';
      directory: string;
      /** The shell script the command runs (copy to a temporary name, fsync, rename). */
      scriptPath: string;
      command: string;
    };

export type SettingApply = 'reload' | 'restart';

export interface SettingChange {
  name: string;
  from: string;
  to: string;
  /** Whether pg_reload_conf() makes it effective or the server must restart. */
  takesEffectOn: SettingApply;
  why: string;
}

export type SetupCheckId = 'privileges' | 'wal_level' | 'archive_mode' | 'archiver' | 'max_wal_senders' | 'archive_timeout' | 'repository' | 'recovery';

export interface SetupCheck {
  id: SetupCheckId;
  status: 'ok' | 'change' | 'blocked' | 'advice';
  current: string;
  wanted: string;
  /** Why it matters, in one or two sentences. */
  why: string;
}

export interface ArchiveSetupPlan {
  server: ArchiveServerSettings;
  /** <repo>/wal/<systemIdentifier>. */
  archiveDir: string;
  method: ArchiveMethod;
  /** Why this method is durable. */
  methodWhy: string;
  /** Why the runbooks' `test ! -f dir/%f && cp %p dir/%f` is not enough. */
  naiveCommandWhyNot: string;
  checks: SetupCheck[];
  changes: SettingChange[];
  /** Problems that stop apply(), each with what to do. */
  blockers: string[];
  restartNeeded: boolean;
  /** Set, live, and nothing pending: archiving only needs verifying. */
  alreadyConfigured: boolean;
  /** The Tidemark-managed local cluster this server is, when it is one: it can be restarted for the user. */
  managedClusterId: string | null;
}

export type ArchiveVerification =
  | { status: 'works'; segment: string; waitedMs: number; archivedCount: number }
  | { status: 'failing'; segment: string | null; failedCount: number; lastFailedWal: string | null; message: string }
  | { status: 'timed-out'; segment: string; waitedMs: number; message: string }
  | { status: 'inactive'; message: string };

export interface ArchiveApplyResult {
  plan: ArchiveSetupPlan;
  applied: SettingChange[];
  reloaded: boolean;
  /** Still waiting for a restart after apply (and after the restart, if one was done). */
  pendingRestart: string[];
  restart: 'not-needed' | 'needed' | 'done';
  verification: ArchiveVerification | null;
}

export type ArchiverWarningCode = 'archiving-off' | 'failing' | 'failures-rising' | 'backlog' | 'stale';

export interface ArchiverWarning {
  code: ArchiverWarningCode;
  severity: 'warning' | 'critical';
  message: string;
}

/** pg_stat_archiver plus what it leaves out, and the runbooks' thresholds as warnings. */
export interface ArchiverStatus {
  checkedAt: string;
  archiveMode: string;
  /** archive_command or archive_library is set. */
  configured: boolean;
  archivedCount: number;
  failedCount: number;
  lastArchivedWal: string | null;
  lastArchivedTime: string | null;
  lastFailedWal: string | null;
  lastFailedTime: string | null;
  statsReset: string | null;
  /** Segments waiting (`.ready` files); null when the role may not list the status folder. */
  readyCount: number | null;
  readyCountProblem: string | null;
  currentLsn: Lsn;
  currentWalFile: string;
  /** failed_count went up since the previous check in this session. */
  failedCountRising: boolean;
  warnings: ArchiverWarning[];
}

/** The runbooks' alert thresholds (seeds 000 and 004). */
export const archiverThresholds = {
  maxReadySegments: 100,
  maxArchiveAgeMinutes: 10,
} as const;
