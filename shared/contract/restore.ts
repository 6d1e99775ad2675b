import { z } from 'zod';
import { job, request, type JobStarted } from './define';
import type { JobProgress } from '../domain/job';
import { connectionRefSchema } from './backups';
import { backupIdSchema, identifierSchema } from '../domain/backup';
import { restoreOptionsSchema, restoreTargetSchema, type RestorePreview, type RestoreResult, type RestoreTargetInfo } from '../domain/restore';

/** Where to look for the server: a connection, or (absent) the backup's own profile. */
const serverOf = {
  connection: connectionRefSchema.optional(),
  backupId: backupIdSchema.optional(),
  repositoryDir: z.string().trim().min(1).optional(),
};

export const logicalRestoreRequestSchema = z.object({
  backupId: backupIdSchema,
  repositoryDir: z.string().trim().min(1).optional(),
  /** The server to restore to; absent: the backup's profile. */
  connection: connectionRefSchema.optional(),
  target: restoreTargetSchema,
  options: restoreOptionsSchema.default(() => restoreOptionsSchema.parse({})),
});
export type LogicalRestoreRequest = z.input<typeof logicalRestoreRequestSchema>;

export const restoreRequests = {
  /** The exact steps (CREATE DATABASE, pg_restore or psql) the restore would run, without the password. */
  'restore.preview': request<RestorePreview>()(logicalRestoreRequestSchema),
  /** Whether the target database exists, and who is connected to it. */
  'restore.targetInfo': request<RestoreTargetInfo>()(z.object({ ...serverOf, database: identifierSchema })),
  /** Ends every other session on the database (pg_terminate_backend); `confirm` must repeat its name. */
  'restore.terminateConnections': request<{ terminated: number[] }>()(z.object({ ...serverOf, database: identifierSchema, confirm: z.string() })),
  /** A long job: per-table row counts and messages in its result. */
  'restore.startLogical': request<JobStarted<'restore.logical'>>()(logicalRestoreRequestSchema),
};

export const restoreJobs = {
  'restore.logical': job<z.input<typeof logicalRestoreRequestSchema>, JobProgress, RestoreResult>(),
};
