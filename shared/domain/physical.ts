import { z } from 'zod';
import { manifestCommonShape } from './backup';
import { lsnSchema } from './wal';

/**
 * Physical base backups taken with pg_basebackup. What the manifest records beyond the generic
 * backup fields, and the options a user picks. Timestamps are ISO 8601 in UTC.
 */

export const basebackupFormats = ['tar', 'plain'] as const;
export type BasebackupFormat = (typeof basebackupFormats)[number];

export const compressionMethods = ['gzip', 'lz4', 'zstd'] as const;
export type CompressionMethod = (typeof compressionMethods)[number];

/**
 * pg_basebackup's compression, `[{client|server}-]METHOD[:DETAIL]` (PostgreSQL 15+): where it runs,
 * the method, a level, and for zstd the worker threads. Server-side zstd with workers is the
 * fastest physical mode measured on our machines (DEVELOPERS.md).
 */
export interface CompressionSpec {
  method: CompressionMethod;
  location: 'client' | 'server';
  level?: number;
  /** zstd only: compression threads on the server or client. */
  workers?: number;
}

/** Each method's compression levels, lowest to highest (pg_basebackup's own limits). */
export const levelRange: Record<CompressionMethod, [number, number]> = {
  gzip: [1, 9],
  lz4: [1, 12],
  zstd: [1, 22],
};

export type ParsedCompression = { ok: true; spec: CompressionSpec | null } | { ok: false; message: string };

/**
 * Parses what a user types (CLI --compress, a form field): "none", "zstd", "server-zstd:5",
 * "server-zstd:level=3,workers=2", "client-gzip:9". The location defaults to client, as
 * pg_basebackup's does.
 */
export function parseCompressionSpec(text: string): ParsedCompression {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '' || trimmed === 'none') return { ok: true, spec: null };
  const match = /^(?:(client|server)-)?(gzip|lz4|zstd)(?::(.*))?$/.exec(trimmed);
  if (!match) {
    return {
      ok: false,
      message: `"${text}" is not a compression: use METHOD or LOCATION-METHOD[:DETAIL], e.g. zstd, server-zstd:level=3,workers=2, client-gzip:6, or none.`,
    };
  }
  const method = match[2] as CompressionMethod;
  const spec: CompressionSpec = { method, location: (match[1] as 'client' | 'server' | undefined) ?? 'client' };
  const detail = match[3];
  if (detail !== undefined && detail !== '') {
    for (const part of detail.split(',')) {
      const [key, value] = part.includes('=') ? part.split('=', 2) : ['level', part];
      const number = Number(value);
      if (!Number.isInteger(number)) return { ok: false, message: `"${part}" in "${text}" needs a whole number.` };
      if (key === 'level') spec.level = number;
      else if (key === 'workers') spec.workers = number;
      else return { ok: false, message: `"${key}" is not a compression option; use level or workers.` };
    }
  }
  const problem = compressionProblem(spec);
  return problem ? { ok: false, message: problem } : { ok: true, spec };
}

/** Why a spec is invalid on its own, or null. */
export function compressionProblem(spec: CompressionSpec): string | null {
  const [min, max] = levelRange[spec.method];
  if (spec.level !== undefined && (spec.level < min || spec.level > max)) return `${spec.method} levels run from ${min} to ${max}.`;
  if (spec.workers !== undefined && spec.method !== 'zstd') return 'Only zstd compresses with several workers.';
  if (spec.workers !== undefined && (spec.workers < 0 || spec.workers > 256)) return 'zstd workers run from 0 to 256.';
  return null;
}

/** The spec in pg_basebackup's own syntax, e.g. "server-zstd:level=3,workers=2". */
export function formatCompressionSpec(spec: CompressionSpec | null): string {
  if (!spec) return 'none';
  const details: string[] = [];
  if (spec.level !== undefined) details.push(`level=${spec.level}`);
  if (spec.workers !== undefined) details.push(`workers=${spec.workers}`);
  return `${spec.location}-${spec.method}${details.length ? ':' + details.join(',') : ''}`;
}

export type CheckpointMode = 'fast' | 'spread';

export interface PhysicalBackupOptions {
  format: BasebackupFormat;
  compression: CompressionSpec | null;
  checkpoint: CheckpointMode;
  label?: string;
  /** Run pg_verifybackup after the backup (default on). */
  verify: boolean;
  /** Throttle in kB/s (pg_basebackup -r), so a backup does not starve production I/O. */
  maxRateKbps?: number;
}

/** What pg_basebackup on this machine and this server can do, for the form's choices. */
export interface BasebackupCapabilities {
  toolPath: string;
  toolVersion: string;
  serverMajor: number;
  compressions: {
    method: CompressionMethod;
    location: 'client' | 'server';
    available: boolean;
    /** Why not, when unavailable. */
    reason: string | null;
    workers: boolean;
  }[];
  /** Whether pg_verifybackup can check each format as it is written. */
  verifiable: Record<BasebackupFormat, { direct: boolean; note: string }>;
  /** The role may take a base backup (superuser or REPLICATION, and a free WAL sender). */
  allowed: boolean;
  problems: string[];
}

const compressionSpecSchema = z.object({
  method: z.enum(compressionMethods),
  location: z.enum(['client', 'server']),
  level: z.number().int().optional(),
  workers: z.number().int().optional(),
});

export const verifyBackupResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('passed'), method: z.enum(['direct', 'extracted']), toolVersion: z.string(), elapsedMs: z.number(), checkedAt: z.string() }),
  z.object({
    status: z.literal('failed'),
    method: z.enum(['direct', 'extracted']),
    toolVersion: z.string(),
    problems: z.array(z.string()),
    checkedAt: z.string(),
  }),
  z.object({ status: z.literal('not-checkable'), reason: z.string(), checkedAt: z.string() }),
  z.object({ status: z.literal('skipped'), reason: z.string() }),
]);
/** pg_verifybackup's verdict on a base backup, as recorded in its manifest. */
export type VerifyBackupResult = z.infer<typeof verifyBackupResultSchema>;

export const pitrReadinessSchema = z.discriminatedUnion('usable', [
  z.object({ usable: z.literal(true), walSource: z.enum(['backup', 'archive', 'both']), checkedAt: z.string() }),
  z.object({ usable: z.literal(false), waitingFor: z.array(z.string()), reason: z.string(), checkedAt: z.string() }),
]);
/** Whether a base backup can start a point-in-time recovery, and if not, what it waits for. */
export type PitrReadiness = z.infer<typeof pitrReadinessSchema>;

/** Where a base backup starts and stops in WAL, and when: known once pg_basebackup has finished. */
export const backupPointsSchema = z.object({
  /** Where WAL replay starts (backup_label's START WAL LOCATION). */
  startLsn: lsnSchema,
  /** Where the backup becomes consistent: the earliest point it can be recovered to. */
  stopLsn: lsnSchema,
  checkpointLsn: lsnSchema.nullable(),
  timeline: z.number().int().positive(),
  startTime: z.string(),
  stopTime: z.string(),
  /** Where the times came from: the server's records, or Tidemark's clock around the tool. */
  timeSource: z.enum(['backup-history-file', 'backup-label', 'tidemark-clock']),
});
export type BackupPoints = z.infer<typeof backupPointsSchema>;

export const physicalFactsSchema = z.object({
  systemIdentifier: z.string(),
  serverVersionNum: z.number().int(),
  walSegmentSizeBytes: z.number().int().positive(),
  format: z.enum(basebackupFormats),
  compression: compressionSpecSchema.nullable(),
  checkpoint: z.enum(['fast', 'spread']),
  label: z.string(),
  /** pg_basebackup's arguments as run (the connection string in them carries no password). */
  command: z.array(z.string()),
  /** The folder pg_basebackup wrote (-D), relative to the backup folder. */
  dataPath: z.string(),
  /** -X stream: the WAL from start to stop is inside the backup. */
  walIncluded: z.boolean(),
  /** null in the record of a backup that failed before pg_basebackup finished. */
  points: backupPointsSchema.nullable(),
  /** PostgreSQL's own backup_manifest is present (pg_basebackup writes it by default). */
  hasBackupManifest: z.boolean(),
  verification: verifyBackupResultSchema.nullable(),
  pitr: pitrReadinessSchema.nullable(),
});
/** The physical part of a backup's manifest. */
export type PhysicalBackupFacts = z.infer<typeof physicalFactsSchema>;

export const physicalManifestSchema = z
  .object({
    ...manifestCommonShape,
    kind: z.literal('physical'),
    physical: physicalFactsSchema,
  })
  .refine((m) => m.status !== 'complete' || (m.physical.points !== null && m.physical.verification !== null && m.physical.pitr !== null), {
    message: 'a complete physical backup records its WAL points, verification and PITR readiness',
    path: ['physical'],
  });
export type PhysicalManifest = z.infer<typeof physicalManifestSchema>;

/** A complete backup's facts, with everything a complete backup has. */
export type CompletePhysicalFacts = PhysicalBackupFacts & { points: BackupPoints; verification: VerifyBackupResult; pitr: PitrReadiness };

export function isCompletePhysical(manifest: PhysicalManifest): manifest is PhysicalManifest & { physical: CompletePhysicalFacts } {
  return manifest.status === 'complete' && manifest.physical.points !== null && manifest.physical.verification !== null && manifest.physical.pitr !== null;
}

/** A physical backup as lists and the recovery wizard show it. */
export interface PhysicalBackupSummary {
  id: string;
  repositoryDir: string;
  status: PhysicalManifest['status'];
  systemIdentifier: string;
  format: BasebackupFormat;
  compression: CompressionSpec | null;
  label: string;
  /** null for a failed or cancelled backup. */
  points: BackupPoints | null;
  totalBytes: number;
  verification: VerifyBackupResult | null;
  pitr: PitrReadiness | null;
  failure: PhysicalManifest['failure'];
}

/** The result of a physical backup job. */
export interface PhysicalBackupResult {
  backup: PhysicalBackupSummary;
  durationMs: number;
  /** Time spent in pg_basebackup itself, to compare with the raw tool. */
  toolMs: number;
}

/** pg_basebackup -P, parsed: "12345/67890 kB (18%), 0/1 tablespace". */
export interface BasebackupProgress {
  doneBytes: number;
  totalBytes: number | null;
  tablespacesDone: number;
  tablespacesTotal: number;
  bytesPerSecond: number | null;
  secondsLeft: number | null;
}
