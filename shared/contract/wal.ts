import { z } from 'zod';
import { request } from './define';
import { connectionRefSchema as serverRefSchema } from './backups';
import type { RecoverableWindow, WalArchiveSummary, WalCleanupPlan, WalCleanupResult, WalSegmentDetails, WalSegmentPage } from '../domain/wal-archive';

/**
 * Which cluster's archive: a system identifier, or a server (its identifier is read from it), or
 * neither when the repository holds one cluster only. The archive can be browsed with the server gone.
 */
export const archiveRefSchema = z.object({
  repositoryDir: z.string().trim().min(1).optional(),
  server: serverRefSchema.optional(),
  systemIdentifier: z
    .string()
    .regex(/^\d{1,20}$/, 'a system identifier is a decimal number')
    .optional(),
});
export type ArchiveRef = z.infer<typeof archiveRefSchema>;

export const walRequests = {
  /** The clusters whose WAL the repository holds. */
  'wal.clusters': request<{ repositoryDir: string; systemIdentifiers: string[] }>()(
    z.object({ repositoryDir: z.string().trim().min(1).optional(), server: serverRefSchema.optional() }),
  ),
  /** Timelines (a tree from the history files), gaps and what they cut off, backup history files, strays. */
  'wal.summary': request<WalArchiveSummary>()(archiveRefSchema.extend({ fullScan: z.boolean().default(false) })),
  /** A page of segments in WAL order (the list is virtualized: ask for what is on screen). */
  'wal.segments': request<WalSegmentPage>()(
    archiveRefSchema.extend({
      timeline: z.number().int().min(1).optional(),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(2_000).default(200),
    }),
  ),
  /** pg_waldump --stats and the first and last commit of one segment. */
  'wal.segment': request<WalSegmentDetails>()(archiveRefSchema.extend({ name: z.string().trim().min(24).max(40) })),
  /** The stretches of time point-in-time recovery can reach, per timeline, with the base backups. */
  'wal.window': request<RecoverableWindow>()(archiveRefSchema.extend({ rpoSeconds: z.number().int().min(60).max(86_400).default(300) })),
  /** What a WAL cleanup would delete (pg_archivecleanup's rule, keyed on the oldest kept base backup). */
  'wal.cleanupPreview': request<WalCleanupPlan>()(archiveRefSchema),
  /** Deletes what the preview lists; `confirmCount` must repeat the preview's deleteCount. */
  'wal.cleanup': request<WalCleanupResult>()(archiveRefSchema.extend({ confirmCount: z.number().int().min(0) })),
};
