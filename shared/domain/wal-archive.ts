import type { Lsn, WalCompression, WalSegmentName } from './wal';

/**
 * What the WAL archive browser shows: the repository's archive of one cluster (one system
 * identifier), its timelines, gaps and base-backup markers, and the window of time that
 * point-in-time recovery can reach. Timestamps are ISO 8601 in UTC ("…Z").
 */

/** One segment file in the archive (a `.partial` file is a segment too, marked as such). */
export interface ArchivedSegment {
  /** The file name on disk, suffixes included. */
  fileName: string;
  /** The 24-digit name without suffixes, e.g. 000000010000000000000003. */
  name: string;
  segment: WalSegmentName;
  startLsn: Lsn;
  /** Exclusive. */
  endLsn: Lsn;
  sizeBytes: number;
  /** The file's modification time: when the archiver wrote it. */
  archivedAt: string;
  compression: WalCompression;
  partial: boolean;
  /** An uncompressed segment smaller than wal_segment_size: cut short, recovery will stop at it. */
  truncated: boolean;
}

/** One line of a timeline history file: `2	0/3000148	before 2024-05-01 12:00:00+00`. */
export interface TimelineHistoryEntry {
  /** The timeline that ended at forkLsn. */
  parentTimeline: number;
  /** Where the child timeline starts (the parent's switchpoint). */
  forkLsn: Lsn;
  /** Why recovery ended there, as PostgreSQL wrote it ("no recovery target specified", …). */
  reason: string;
}

/** A timeline in the archive, as a node of the tree drawn from the `.history` files. */
export interface TimelineNode {
  timeline: number;
  /** null for timeline 1 and for a timeline whose history file is missing. */
  parentTimeline: number | null;
  forkLsn: Lsn | null;
  reason: string | null;
  /** The `NNNNNNNN.history` file, when the archive has it. */
  historyFile: string | null;
  /**
   * A timeline above 1 whose history file is not in the archive: recovery cannot follow it
   * (restore_command fetches the history file first) and its parent is unknown.
   */
  historyMissing: boolean;
  children: number[];
  segmentCount: number;
  sizeBytes: number;
  firstSegment: string | null;
  lastSegment: string | null;
  /** The first LSN after the last segment this timeline holds. */
  endLsn: Lsn | null;
  partialFiles: string[];
}

/** Missing segments between two present ones on one timeline, with what they cut off. */
export interface WalGap {
  timeline: number;
  firstMissing: string;
  lastMissing: string;
  missingCount: number;
  /** The WAL that is gone: [fromLsn, toLsn). */
  fromLsn: Lsn;
  toLsn: Lsn;
  /** Segments on this timeline after the gap: replay cannot reach them from a backup before it. */
  segmentsCutOff: number;
  lastSegmentCutOff: string | null;
  /** Base backups (repository ids) that started before the gap: their reach ends at it. */
  backupsCutOff: string[];
}

/** A `.backup` history file: PostgreSQL's record of one base backup's start and stop. */
export interface BackupHistoryFile {
  fileName: string;
  startLsn: Lsn;
  stopLsn: Lsn;
  timeline: number;
  startTime: string | null;
  stopTime: string | null;
  label: string | null;
  /** The repository backup it belongs to (same start LSN and system identifier), if any. */
  backupId: string | null;
}

/** Files in the WAL folder that are not WAL: temporary files of an archiver, strays. */
export interface StrayFile {
  fileName: string;
  sizeBytes: number;
}

export interface WalArchiveSummary {
  systemIdentifier: string;
  archiveDir: string;
  walSegmentSizeBytes: number;
  segmentCount: number;
  sizeBytes: number;
  timelines: TimelineNode[];
  gaps: WalGap[];
  backupFiles: BackupHistoryFile[];
  truncatedSegments: string[];
  strayFiles: StrayFile[];
  /** How the listing was made: files statted this time versus reused from the cached index. */
  scan: WalScanStats;
}

export interface WalScanStats {
  scannedAt: string;
  elapsedMs: number;
  filesSeen: number;
  filesStatted: number;
  fromCache: number;
  /**
   * Listed from the index saved by an earlier session while the folder is read again in the
   * background (the first screen of a large archive does not wait for it); ask again for the
   * fresh listing. Absent or false: the listing reflects the folder as of scannedAt.
   */
  refreshing?: boolean;
}

export interface WalSegmentPage {
  total: number;
  offset: number;
  limit: number;
  segments: ArchivedSegment[];
}

/** Records of one resource manager in a segment (`pg_waldump --stats`). */
export interface WalRecordStats {
  resourceManager: string;
  records: number;
  recordBytes: number;
  fullPageImageBytes: number;
  combinedBytes: number;
}

export interface WalCommitRecord {
  lsn: Lsn;
  time: string;
  xid: number;
}

export interface WalSegmentDetails {
  segment: ArchivedSegment;
  stats: WalRecordStats[];
  totalRecords: number;
  commitCount: number;
  abortCount: number;
  firstCommit: WalCommitRecord | null;
  lastCommit: WalCommitRecord | null;
  /** pg_waldump stopped early (a truncated or corrupt segment); what it said. */
  readProblem: string | null;
}

/** A point of WAL and, when a commit record gives one, the time it stands for. */
export interface WalPoint {
  lsn: Lsn;
  time: string | null;
}

/** A base backup as the window sees it. */
export interface WindowBaseBackup {
  backupId: string;
  timeline: number;
  startLsn: Lsn;
  stopLsn: Lsn;
  startTime: string | null;
  stopTime: string | null;
  /** Whether PITR can start from it (its WAL is complete, in the backup or the archive). */
  usable: boolean;
  problem: string | null;
}

/** One stretch of time point-in-time recovery can reach, on one timeline. */
export interface RecoverableInterval {
  timeline: number;
  /** The end of the earliest usable base backup that reaches this stretch: the earliest target. */
  from: WalPoint;
  /** The last commit in the last contiguous segment: the latest target. */
  to: WalPoint;
  /** Base backups that can start a recovery into this stretch, earliest first. */
  baseBackupIds: string[];
  /** Why the stretch ends here. */
  endsAt: 'archive-end' | 'gap' | 'truncated-segment';
  /** The first missing segment, when a gap ends it. */
  nextMissing: string | null;
}

export interface IdleLag {
  /** The last commit the archive holds. */
  lastCommitTime: string;
  checkedAt: string;
  lagSeconds: number;
  archiveTimeoutSeconds: number | null;
  /** archive_timeout that bounds the lag to the RPO asked for. */
  suggestedArchiveTimeoutSeconds: number;
  explanation: string;
}

export interface RecoverableWindow {
  systemIdentifier: string;
  intervals: RecoverableInterval[];
  /** The latest point any interval reaches (the newest timeline's end). */
  latest: WalPoint | null;
  baseBackups: WindowBaseBackup[];
  gaps: WalGap[];
  /** Present when the archive's last commit is well behind now (an idle server, or a stuck archiver). */
  idleLag: IdleLag | null;
  /** Why there is no window, or parts of it are missing, for people. */
  notes: string[];
}

/** Which files a WAL cleanup deletes, and why the rest stays. */
export interface WalCleanupPlan {
  systemIdentifier: string;
  archiveDir: string;
  /** Physical backups kept, oldest start first, with the first segment each needs. */
  keptBackups: { backupId: string; startSegment: string; timeline: number }[];
  /**
   * Everything before this segment position (any timeline) goes, as pg_archivecleanup would;
   * null when nothing may be deleted.
   */
  oldestNeededSegment: string | null;
  /** The kept backup whose start is oldestNeededSegment: the one that keeps the rest. */
  cutoffBackupId: string | null;
  deleteCount: number;
  deleteBytes: number;
  /** The first few files that would go, for the preview. */
  deleteSample: string[];
  firstDeleted: string | null;
  lastDeleted: string | null;
  keepCount: number;
  /** When nothing may be deleted, why. */
  reason: string | null;
}

export interface WalCleanupResult extends WalCleanupPlan {
  deleted: number;
  freedBytes: number;
  failures: { fileName: string; message: string }[];
}
