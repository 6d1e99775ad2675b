import { z } from 'zod';
import { job, request, type JobStarted } from './define';
import { connectionRefSchema as serverRefSchema } from './backups';
import type { ArchiveApplyResult, ArchiverStatus, ArchiveSetupPlan, ArchiveVerification } from '../domain/archiving';
import type { JobProgress } from '../domain/job';

const repositoryDir = z.string().trim().min(1).optional();

const setupInput = z.object({
  server: serverRefSchema,
  repositoryDir,
  /** auto: basic_archive on PostgreSQL 15+ when the server has it, else Tidemark's archive script. */
  method: z.enum(['auto', 'basic_archive', 'archive_command']).default('auto'),
  /** Also set archive_timeout (seconds): bounds how long a commit waits unarchived on a quiet server. */
  archiveTimeoutSeconds: z.number().int().min(0).max(86_400).optional(),
});

const applyInput = setupInput.extend({
  restart: z.boolean().default(false),
  verify: z.boolean().default(true),
  verifyTimeoutMs: z.number().int().min(1_000).max(600_000).default(60_000),
});

const verifyInput = z.object({ server: serverRefSchema, repositoryDir, timeoutMs: z.number().int().min(1_000).max(600_000).default(60_000) });

export const archiveRequests = {
  /** What would change to archive this server into the repository, why, and what stands in the way. */
  'archive.plan': request<ArchiveSetupPlan>()(setupInput),
  /**
   * A long job: ALTER SYSTEM + pg_reload_conf(), the restart of a Tidemark-managed cluster when
   * `restart` and a setting needs it, then verification.
   */
  'archive.apply': request<JobStarted<'archive.setup'>>()(applyInput),
  /** A long job: pg_switch_wal() and wait for the segment in the repository and in pg_stat_archiver. */
  'archive.verify': request<JobStarted<'archive.verify'>>()(verifyInput),
  /** pg_stat_archiver, the `.ready` backlog, the current WAL position, and warnings. */
  'archive.status': request<ArchiverStatus>()(z.object({ server: serverRefSchema })),
};

export const archiveJobs = {
  'archive.setup': job<z.input<typeof applyInput>, JobProgress, ArchiveApplyResult>(),
  'archive.verify': job<z.input<typeof verifyInput>, JobProgress, ArchiveVerification>(),
};
