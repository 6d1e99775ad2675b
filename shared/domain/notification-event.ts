import type { ErrorPayload } from './errors';

/** Why a scheduled slot did not run. */
export type MissedSlotReason = 'app-not-running' | 'asleep' | 'overlap' | 'outside-window';

interface ProfileEvent {
  /** When it happened, ISO 8601 with offset. */
  at: string;
  profileId: string;
  profileName: string;
}

/**
 * What Tidemark tells people about, whoever raised it (a schedule, a retention run, the archiver
 * watch). Channels filter on `type`; the webhook sends this object as JSON.
 */
export type TidemarkEvent =
  | (ProfileEvent & {
      type: 'backup.succeeded';
      backupId: string;
      backupKind: 'logical' | 'physical';
      scheduleName?: string;
      sizeBytes: number;
      durationMs: number;
    })
  | (ProfileEvent & { type: 'backup.failed'; backupKind: 'logical' | 'physical'; scheduleName?: string; error: ErrorPayload; attempt: number })
  | (ProfileEvent & { type: 'backup.missed'; scheduleName: string; slot: string; reason: MissedSlotReason })
  | (ProfileEvent & { type: 'backup.overdue'; lastSuccessAt: string | null; thresholdHours: number })
  | (ProfileEvent & { type: 'retention.applied'; kept: number; deleted: number; bytesFreed: number; walSegmentsPruned: number })
  | (ProfileEvent & {
      type: 'archiver.failing';
      failedCount: number;
      lastFailedWal: string | null;
      lastFailedAt: string | null;
      /** When the watch first saw this failing streak: one streak is one event, the next streak another. */
      failingSince: string;
      /** The server's own words for the failure (its log) when Tidemark may read them, else where to look. */
      hint: string;
    })
  | (ProfileEvent & {
      type: 'health.threshold';
      /** A HealthCheckName (shared/domain/health.ts): which check crossed into red. */
      check: string;
      checkLabel: string;
      value: number;
      /** The check's unit (percent, seconds, count, per-second, bytes) and its red threshold in that unit. */
      unit: string;
      redThreshold: number;
      detail: string | null;
    })
  | { type: 'repository.disk-nearly-full'; at: string; repositoryDir: string; freeBytes: number; totalBytes: number };

export type TidemarkEventType = TidemarkEvent['type'];
