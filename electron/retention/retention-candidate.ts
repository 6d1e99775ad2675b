import { z } from 'zod';
import { backupIdSchema, backupKinds, backupStatuses, type BackupKind, type BackupStatus } from '../../shared/domain/backup';
import { backupPointsSchema, pitrReadinessSchema, verifyBackupResultSchema } from '../../shared/domain/physical';
import type { BaseBackupWal } from './wal-reach';

/** A backup as retention weighs it: what the rules, the floors and the WAL reasoning read. */
export interface RetentionCandidate {
  id: string;
  kind: BackupKind;
  status: BackupStatus;
  profileId: string | null;
  startedAt: string;
  startedMs: number;
  totalBytes: number;
  database: string | null;
  /** A base backup's cluster (also for a failed one: it still belongs to that cluster's series). */
  systemIdentifier: string | null;
  verified: boolean;
  damaged: boolean;
  /** A complete base backup's WAL facts; null for logical and failed backups. */
  base: BaseBackupWal | null;
}

/**
 * Only the fields retention reads, validated: a manifest is untrusted input, but reading the
 * whole of 10,000 of them (their logs, their file lists) would cost more than the plan itself.
 */
export const retentionManifestSchema = z.looseObject({
  id: backupIdSchema,
  kind: z.enum(backupKinds),
  status: z.enum(backupStatuses),
  profile: z.object({ id: z.string(), name: z.string() }).nullable(),
  startedAt: z.string().refine((text) => Number.isFinite(Date.parse(text)), 'not a time'),
  totalBytes: z.number().int().nonnegative(),
  verifications: z.array(z.looseObject({ ok: z.boolean() })),
  logical: z.looseObject({ database: z.string() }).optional(),
  physical: z
    .looseObject({
      systemIdentifier: z.string(),
      walIncluded: z.boolean(),
      points: backupPointsSchema.nullable(),
      verification: verifyBackupResultSchema.nullable(),
      pitr: pitrReadinessSchema.nullable(),
    })
    .optional(),
});
export type RetentionManifest = z.infer<typeof retentionManifestSchema>;

export function candidateOf(manifest: RetentionManifest): RetentionCandidate {
  const physical = manifest.kind === 'physical' ? (manifest.physical ?? null) : null;
  const lastCheck = manifest.verifications.at(-1);
  const toolVerdict = physical?.verification?.status;
  const complete = manifest.status === 'complete';
  const damaged = complete && (lastCheck?.ok === false || toolVerdict === 'failed');
  const verified = complete && !damaged && (lastCheck?.ok === true || toolVerdict === 'passed');
  const points = physical?.points ?? null;
  return {
    id: manifest.id,
    kind: manifest.kind,
    status: manifest.status,
    profileId: manifest.profile?.id ?? null,
    startedAt: manifest.startedAt,
    startedMs: Date.parse(manifest.startedAt),
    totalBytes: manifest.totalBytes,
    database: manifest.kind === 'logical' ? (manifest.logical?.database ?? null) : null,
    systemIdentifier: physical?.systemIdentifier ?? null,
    verified,
    damaged,
    base:
      complete && physical && points
        ? {
            id: manifest.id,
            timeline: points.timeline,
            startLsn: points.startLsn,
            stopLsn: points.stopLsn,
            stopTime: points.stopTime,
            walIncluded: physical.walIncluded,
            usable: physical.pitr !== null && toolVerdict !== 'failed',
          }
        : null,
  };
}
