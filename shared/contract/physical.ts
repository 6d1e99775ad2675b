import { z } from 'zod';
import { job, request, type JobStarted } from './define';
import type { JobProgress } from '../domain/job';
import { connectionRefSchema as serverRefSchema } from './backups';
import {
  basebackupFormats,
  parseCompressionSpec,
  type BasebackupCapabilities,
  type PhysicalBackupResult,
  type PhysicalBackupSummary,
} from '../domain/physical';

/** "none", "zstd", "server-zstd:level=3,workers=2", … parsed into a CompressionSpec (or null). */
export const compressionSpecTextSchema = z
  .string()
  .trim()
  .default('none')
  .transform((text, context) => {
    const parsed = parseCompressionSpec(text);
    if (!parsed.ok) {
      context.addIssue({ code: 'custom', message: parsed.message });
      return z.NEVER;
    }
    return parsed.spec;
  });

export const physicalBackupRequestSchema = z.object({
  server: serverRefSchema,
  repositoryDir: z.string().trim().min(1).optional(),
  format: z.enum(basebackupFormats).default('tar'),
  compression: compressionSpecTextSchema,
  checkpoint: z.enum(['fast', 'spread']).default('fast'),
  label: z.string().trim().min(1).max(200).optional(),
  verify: z.boolean().default(true),
  maxRateKbps: z.number().int().min(32).max(1_048_576).optional(),
});
export type PhysicalBackupRequest = z.input<typeof physicalBackupRequestSchema>;

export const physicalRequests = {
  /** What pg_basebackup here and the server can do: compressions per side, verification, privileges. */
  'physical.capabilities': request<BasebackupCapabilities>()(z.object({ server: serverRefSchema })),
  /** A long job: pg_basebackup into the repository, verified. */
  'physical.backup': request<JobStarted<'backup.physical'>>()(physicalBackupRequestSchema),
  /** The repository's physical backups (all clusters, or one), newest first. */
  'physical.list': request<PhysicalBackupSummary[]>()(
    z.object({
      repositoryDir: z.string().trim().min(1).optional(),
      systemIdentifier: z
        .string()
        .regex(/^\d{1,20}$/)
        .optional(),
    }),
  ),
};

export const physicalJobs = {
  'backup.physical': job<PhysicalBackupRequest, JobProgress, PhysicalBackupResult>(),
};
