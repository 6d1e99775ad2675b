import { z } from 'zod';
import { quoteIdentifier } from './sql-identifier';
import { utf8ByteLength } from './sql-identifier';

// ---------------------------------------------------------------------------------------------
// What every backup in the repository has, whatever its kind (logical here; physical in
// electron/physical reuses these pieces). A manifest on disk is untrusted input (another machine,
// another version, a hand edit), so it is read through these schemas, never cast.
// ---------------------------------------------------------------------------------------------

/** A PostgreSQL identifier as the server stores it: at most 63 bytes (NAMEDATALEN - 1), no NUL. */
export const identifierSchema = z
  .string()
  .min(1)
  .refine((name) => utf8ByteLength(name) <= 63, 'a PostgreSQL name is at most 63 bytes')
  .refine((name) => !name.includes('\0'), 'a PostgreSQL name cannot contain a NUL character');

/** Backup ids are folder names in the repository: "20260213T020000Z-a1b2c3". */
// Ids made before milliseconds were added (…T071011Z-…) are still read.
export const backupIdSchema = z.string().regex(/^\d{8}T\d{6}(\d{3})?Z-[0-9a-f]{6}$/, 'not a backup id');
export type BackupId = z.infer<typeof backupIdSchema>;

export const sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/);

/** One file of a backup with its SHA-256, relative to the backup's folder (always with forward slashes). */
export const backupFileSchema = z.object({
  path: z.string().min(1),
  sizeBytes: z.number().int().nonnegative(),
  sha256: sha256HexSchema,
});
export type BackupFile = z.infer<typeof backupFileSchema>;

/**
 * A file as any manifest lists it. sha256 is null only in a physical backup, for the data whose
 * checksums PostgreSQL's backup_manifest already holds (pg_verifybackup checks them): a plain
 * backup's data files, and the tar archives of the data (base.tar, <oid>.tar), whose members it
 * lists. Hashing them again would read the whole backup a second time.
 */
export const listedFileSchema = backupFileSchema.extend({ sha256: sha256HexSchema.nullable() });
export type ListedFile = z.infer<typeof listedFileSchema>;

export const backupStatuses = ['complete', 'failed', 'cancelled'] as const;
/** complete: every file is fsynced and checksummed; failed / cancelled: a record only, no data files. */
export type BackupStatus = (typeof backupStatuses)[number];

export const backupKinds = ['logical', 'physical'] as const;
export type BackupKind = (typeof backupKinds)[number];

export const manifestLogLineSchema = z.object({
  at: z.string(),
  level: z.enum(['info', 'warning', 'error']),
  text: z.string(),
});
export type ManifestLogLine = z.infer<typeof manifestLogLineSchema>;

/** Why a backup failed, as recorded (the code is the ErrorCode of the time; kept as text). */
export const backupFailureSchema = z.object({ code: z.string(), message: z.string(), hint: z.string().optional() });
export type BackupFailure = z.infer<typeof backupFailureSchema>;

/** A table's rows: recorded at backup time, and found after a (test) restore. */
export const tableRowCheckSchema = z.object({
  schema: z.string(),
  name: z.string(),
  /** Rows recorded in the backup's manifest; null when unknown (an imported dump). */
  expectedRows: z.number().int().nonnegative().nullable(),
  /** Rows found after restoring; null when the table is missing there. */
  actualRows: z.number().int().nonnegative().nullable(),
  matches: z.boolean(),
});
export type TableRowCheck = z.infer<typeof tableRowCheckSchema>;

/** The first file of a backup that does not match its manifest. */
export const brokenFileSchema = z.object({
  path: z.string(),
  problem: z.enum(['missing', 'size-differs', 'checksum-differs', 'unreadable']),
  expected: z.string().optional(),
  actual: z.string().optional(),
});
export type BrokenFile = z.infer<typeof brokenFileSchema>;

export const verificationCheckKinds = ['checksums', 'readable', 'test-restore'] as const;
export type VerificationCheckKind = (typeof verificationCheckKinds)[number];

export const verificationCheckSchema = z.object({
  kind: z.enum(verificationCheckKinds),
  ok: z.boolean(),
  /** One line for people: "12 files match their SHA-256", "restored into tidemark_verify_a1b2c3: 14 tables match". */
  summary: z.string(),
});
export type VerificationCheck = z.infer<typeof verificationCheckSchema>;

/** One verification run, appended to the manifest's history. */
export const verificationSchema = z.object({
  at: z.string(),
  durationMs: z.number().nonnegative(),
  ok: z.boolean(),
  checks: z.array(verificationCheckSchema),
  firstBrokenFile: brokenFileSchema.nullable(),
  testRestore: z
    .object({
      server: z.string(),
      scratchDatabase: z.string(),
      tables: z.array(tableRowCheckSchema),
      /** pg_restore / psql errors and warnings met during the test restore. */
      problems: z.array(z.string()),
    })
    .nullable(),
});
export type Verification = z.infer<typeof verificationSchema>;

/** The fields every manifest has, whatever its kind. */
export const manifestCommonShape = {
  manifestVersion: z.literal(1),
  id: backupIdSchema,
  kind: z.enum(backupKinds),
  status: z.enum(backupStatuses),
  failure: backupFailureSchema.nullable(),
  /** Made by Tidemark, or a dump made elsewhere and imported. */
  origin: z.enum(['tidemark', 'imported']),
  profile: z.object({ id: z.string(), name: z.string() }).nullable(),
  server: z
    .object({
      /** "user@host:port/db", never a password. */
      label: z.string(),
      version: z.string().nullable(),
      versionNum: z.number().int().nullable(),
      /** pg_control_system().system_identifier as decimal text (it exceeds 2^53); null when unreadable. */
      systemIdentifier: z.string().nullable(),
    })
    .nullable(),
  tool: z.object({ name: z.string(), path: z.string(), version: z.string() }).nullable(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  durationMs: z.number().nonnegative().nullable(),
  totalBytes: z.number().int().nonnegative(),
  files: z.array(listedFileSchema),
  verifications: z.array(verificationSchema),
  log: z.array(manifestLogLineSchema),
};

/** Any manifest, read for what all kinds share (unknown fields kept): for lists and sweeps. */
export const anyManifestSchema = z.looseObject(manifestCommonShape);
export type AnyManifest = z.infer<typeof anyManifestSchema>;

// ---------------------------------------------------------------------------------------------
// Logical backups (pg_dump)
// ---------------------------------------------------------------------------------------------

export const logicalFormats = ['custom', 'directory', 'tar', 'plain'] as const;
export type LogicalFormat = (typeof logicalFormats)[number];

/** What a dump or a restore holds: everything, only the definitions, or only the rows. */
export const dumpContents = ['all', 'schema-only', 'data-only'] as const;
export type DumpContent = (typeof dumpContents)[number];

/**
 * A name pattern as pg_dump reads it (-n, -t): unquoted letters fold to lower case, * and ? are
 * wildcards, a dot separates schema and name. `exactPattern()` builds one that matches one object.
 */
export const dumpPatternSchema = z.string().min(1).max(512);

/** The options of one pg_dump run; stored in the manifest as they were used. */
export const logicalDumpOptionsSchema = z
  .object({
    format: z.enum(logicalFormats).default('custom'),
    /** Parallel workers; pg_dump can only use them with the directory format. */
    jobs: z.number().int().min(1).max(64).default(1),
    /** 0..9 (gzip); null leaves pg_dump's default (6 for custom and directory, none for tar and plain). */
    compressionLevel: z.number().int().min(0).max(9).nullable().default(null),
    /** --no-owner and --no-privileges: the seeds' default, so a dump restores onto any server. */
    noOwner: z.boolean().default(true),
    noPrivileges: z.boolean().default(true),
    schemas: z.array(dumpPatternSchema).default([]),
    excludeSchemas: z.array(dumpPatternSchema).default([]),
    tables: z.array(dumpPatternSchema).default([]),
    excludeTables: z.array(dumpPatternSchema).default([]),
    content: z.enum(dumpContents).default('all'),
    /** Also save roles and tablespaces (pg_dumpall --globals-only) as globals.sql. */
    includeGlobals: z.boolean().default(true),
  })
  .refine((options) => options.jobs === 1 || options.format === 'directory', {
    message: 'parallel jobs need the directory format (pg_dump -j works only with -Fd)',
    path: ['jobs'],
  })
  .refine((options) => options.compressionLevel === null || options.format !== 'tar', {
    message: 'the tar format cannot be compressed by pg_dump',
    path: ['compressionLevel'],
  });
export type LogicalDumpOptions = z.output<typeof logicalDumpOptionsSchema>;
export type LogicalDumpOptionsInput = z.input<typeof logicalDumpOptionsSchema>;

/** A table as recorded at backup time: its exact row count and what belongs to it. */
export const backedUpTableSchema = z.object({
  schema: z.string(),
  name: z.string(),
  /** count(*) inside the dump's own snapshot; null when not counted. */
  rows: z.number().int().nonnegative().nullable(),
  /** Index names (same schema), so a single-table restore brings its indexes too. */
  indexes: z.array(z.string()),
  /** Sequences owned by its columns (serial, identity), restored with it. */
  sequences: z.array(z.string()),
});
export type BackedUpTable = z.infer<typeof backedUpTableSchema>;

/** What a restore needs to recreate the database as it was. */
export const databaseFactsSchema = z.object({
  owner: z.string().nullable(),
  encoding: z.string().nullable(),
  collate: z.string().nullable(),
  ctype: z.string().nullable(),
  sizeBytes: z.number().int().nonnegative().nullable(),
});
export type DatabaseFacts = z.infer<typeof databaseFactsSchema>;

export const logicalManifestSchema = z.object({
  ...manifestCommonShape,
  kind: z.literal('logical'),
  files: z.array(backupFileSchema),
  logical: z.object({
    database: z.string(),
    format: z.enum(logicalFormats),
    options: logicalDumpOptionsSchema,
    /** The dump, relative to the backup folder: database.dump, database.dir, database.tar or database.sql. */
    dumpPath: z.string(),
    /** globals.sql (roles and tablespaces, without passwords), when saved. */
    globalsPath: z.string().nullable(),
    /** pg_dump's arguments as run; the connection string in them carries no password. */
    command: z.array(z.string()),
    databaseFacts: databaseFactsSchema.nullable(),
    tables: z.array(backedUpTableSchema),
    /** How the row counts were taken: inside the dump's snapshot (exact), or not at all (imports). */
    rowCounts: z.enum(['snapshot', 'none']),
    /** Entries in the archive's table of contents; null for plain SQL. */
    tocEntries: z.number().int().nonnegative().nullable(),
    /** Backups made by one "all databases" job share it. */
    runId: z.string().nullable(),
    /** Schema and role names with spaces, which pg_restore --list (space-separated) cannot split alone. */
    tocHints: z.object({ schemas: z.array(z.string()), owners: z.array(z.string()) }).default({ schemas: [], owners: [] }),
  }),
});
export type LogicalManifest = z.infer<typeof logicalManifestSchema>;

/** The manifests backups.get returns: a logical one in full, any other kind with its common fields. */
export type BackupManifest = LogicalManifest | (AnyManifest & { kind: Exclude<BackupKind, 'logical'> });

export type VerificationBadge = 'unverified' | 'checksums-ok' | 'test-restored' | 'failed';

/** One row of the backup history (the list is built from manifests on disk). */
export interface BackupSummary {
  id: string;
  kind: BackupKind;
  status: BackupStatus;
  origin: 'tidemark' | 'imported';
  profile: { id: string; name: string } | null;
  /** The database of a logical backup; null for physical ones (the whole cluster). */
  database: string | null;
  format: LogicalFormat | null;
  startedAt: string;
  durationMs: number | null;
  totalBytes: number;
  verification: VerificationBadge;
  lastVerifiedAt: string | null;
  failure: BackupFailure | null;
  /** The repository folder that holds it. */
  repositoryDir: string;
}

/** A manifest the list could not read: shown so nothing in the repository is silently ignored. */
export interface UnreadableBackup {
  id: string;
  repositoryDir: string;
  problem: string;
}

export interface BackupList {
  backups: BackupSummary[];
  unreadable: UnreadableBackup[];
  repositories: string[];
}

/** The exact commands a logical backup runs, for the "copy command" button (no password in them). */
export interface BackupCommandPreview {
  database: string;
  /** The tool's argument vector. */
  argv: string[];
  /** The same, quoted for a POSIX shell, to copy. */
  commandLine: string;
}

export interface LogicalBackupPreview {
  dumps: BackupCommandPreview[];
  globals: BackupCommandPreview | null;
  /** Environment variables the commands rely on (a password's value is never shown). */
  environment: string[];
  notes: string[];
}

/** The result of a logical backup job: one backup per database. */
export interface LogicalBackupResult {
  runId: string;
  backups: { id: string; database: string; totalBytes: number; durationMs: number; repositoryDir: string }[];
  verification: Verification[];
}

/** One object of an archive's table of contents. */
export interface TocObject {
  dumpId: number;
  /** The entry's type as pg_dump names it: TABLE, TABLE DATA, INDEX, FK CONSTRAINT, … */
  type: string;
  name: string;
  owner: string | null;
}

/** A backup's contents as a tree: schema → objects; objects outside any schema apart. */
export interface BackupContents {
  backupId: string;
  format: LogicalFormat;
  schemas: { name: string; objects: TocObject[] }[];
  /** Extensions, large objects, database-level entries. */
  global: TocObject[];
  tableCount: number;
  totalEntries: number;
}

export interface VerifyResult {
  backupId: string;
  verification: Verification;
}

/**
 * A pattern that matches exactly one table (or schema) in pg_dump's -t / -n: every part is
 * double-quoted, which keeps case, spaces and dots, and makes * ? and regex characters literal.
 */
export function exactPattern(...parts: string[]): string {
  return parts.map(quoteIdentifier).join('.');
}

/** The badge of the latest verification, for lists. */
export function verificationBadge(verifications: readonly Verification[]): VerificationBadge {
  const last = verifications.at(-1);
  if (!last) return 'unverified';
  if (!last.ok) return 'failed';
  return last.testRestore ? 'test-restored' : 'checksums-ok';
}
