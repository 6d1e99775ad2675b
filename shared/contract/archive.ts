import { z } from 'zod';
import { request } from './define';
import { connectionRefSchema as serverRefSchema } from './backups';
import type { ArchiveSetupPlan, ArchiverStatus } from '../domain/archiving';

const repositoryDir = z.string().trim().min(1).optional();

const setupInput = z.object({
  server: serverRefSchema,
  repositoryDir,
  /** auto: basic_archive on PostgreSQL 15+ when the server has it, else Tidemark's archive script. */
  method: z.enum(['auto', 'basic_archive', 'archive_command']).default('auto'),
  /** Also set archive_timeout (seconds): bounds how long a commit waits unarchived on a quiet server. */
  archiveTimeoutSeconds: z.number().int().min(0).max(86_400).optional(),
});

export const archiveRequests = {
  /** What would change to archive this server into the repository, why, and what stands in the way. */
  'archive.plan': request<ArchiveSetupPlan>()(setupInput),
  /**
   * A long job: ALTER SYSTEM + pg_reload_conf(), the restart of a Tidemark-managed cluster when
   * `restart` and a setting needs it, then verification. The result is an ArchiveApplyResult.
   */
  'archive.apply': request<{ jobId: string }>()(
    setupInput.extend({
      restart: z.boolean().default(false),
      verify: z.boolean().default(true),
      verifyTimeoutMs: z.number().int().min(1_000).max(600_000).default(60_000),
    }),
  ),
  /** A long job: pg_switch_wal() and wait for the segment in the repository and in pg_stat_archiver. The result is an ArchiveVerification. */
  'archive.verify': request<{ jobId: string }>()(
    z.object({ server: serverRefSchema, repositoryDir, timeoutMs: z.number().int().min(1_000).max(600_000).default(60_000) }),
  ),
  /** pg_stat_archiver, the `.ready` backlog, the current WAL position, and warnings. */
  'archive.status': request<ArchiverStatus>()(z.object({ server: serverRefSchema })),
};
