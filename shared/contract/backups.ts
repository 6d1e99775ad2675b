import { z } from 'zod';
import { job, request, type JobStarted } from './define';
import {
  backupIdSchema,
  backupStatuses,
  backupKinds,
  identifierSchema,
  logicalDumpOptionsSchema,
  type BackupContents,
  type BackupList,
  type BackupManifest,
  type LogicalBackupPreview,
  type LogicalBackupResult,
  type LogicalManifest,
  type VerifyResult,
} from '../domain/backup';
import type { JobProgress } from '../domain/job';
import { connectionTargetSchema } from '../domain/profile';

/** The server a request talks to: a saved profile, or an ad-hoc target (the CLI's --conn). */
export const connectionRefSchema = z.union([
  z.object({ profileId: z.string().min(1) }),
  z.object({ target: connectionTargetSchema, password: z.string().min(1).optional() }),
]);
export type ConnectionRef = z.infer<typeof connectionRefSchema>;

/** The repository folder; absent: the profile's own, else the app's (repositoryDir in settings). */
const repositoryDir = z.string().trim().min(1).optional();

const backupRef = z.object({ id: backupIdSchema, repositoryDir });

const verifyBackupRequestSchema = backupRef.extend({ testRestore: z.boolean().default(false), connection: connectionRefSchema.optional() });

export const logicalBackupRequestSchema = z.object({
  connection: connectionRefSchema,
  /** Database names, or 'all': every database that accepts connections, listed when the job runs. */
  databases: z.union([z.literal('all'), z.array(identifierSchema).min(1)]),
  options: logicalDumpOptionsSchema.default(() => logicalDumpOptionsSchema.parse({})),
  /** Test-restore each backup into a scratch database when it is written (the setting). */
  testRestoreAfter: z.boolean().default(false),
  repositoryDir,
});
export type LogicalBackupRequest = z.input<typeof logicalBackupRequestSchema>;

export const backupRequests = {
  /** The history, newest first, from the manifests on disk (the repository is the source of truth). */
  'backups.list': request<BackupList>()(
    z.object({
      repositoryDir,
      profileId: z.string().min(1).optional(),
      database: z.string().min(1).optional(),
      status: z.enum(backupStatuses).optional(),
      kind: z.enum(backupKinds).optional(),
    }),
  ),
  'backups.get': request<BackupManifest>()(backupRef),
  /** Deletes a backup's folder; `confirm` must repeat its id. */
  'backups.delete': request<{ id: string; deleted: true }>()(backupRef.extend({ confirm: z.string() })),
  /** The exact pg_dump / pg_dumpall command lines the job would run, without the password. */
  'backups.preview': request<LogicalBackupPreview>()(logicalBackupRequestSchema),
  /** A long job: one backup per database. Returns the job id at once. */
  'backups.startLogical': request<JobStarted<'backup.logical'>>()(logicalBackupRequestSchema),
  /**
   * A long job: checksums and readability, and with testRestore a restore into a scratch database
   * on the backup's server (or `connection`), compared table by table. A physical backup is checked
   * file by file and with pg_verifybackup (a test restore of one is a point-in-time recovery).
   */
  'backups.verify': request<JobStarted<'backup.verify'>>()(verifyBackupRequestSchema),
  /** Adds a dump made elsewhere (custom .dump, directory, .tar or plain .sql) to the history. */
  'backups.import': request<LogicalManifest>()(
    z.object({
      path: z.string().trim().min(1),
      repositoryDir,
      /** The profile it belongs to, for filters and for restoring to its server by default. */
      profileId: z.string().min(1).optional(),
      /** The database it came from, when the dump does not say (plain SQL). */
      database: identifierSchema.optional(),
    }),
  ),
  /** The databases a logical backup can take on that server (it accepts connections, not a template), with their sizes. */
  'backups.databases': request<{ databases: { name: string; sizeBytes: number | null }[] }>()(z.object({ connection: connectionRefSchema })),
  /** The table of contents as a tree (pg_restore --list, or a plain dump's own comments). */
  'backups.contents': request<BackupContents>()(backupRef),
};

export const backupJobs = {
  'backup.logical': job<LogicalBackupRequest, JobProgress, LogicalBackupResult>(),
  'backup.verify': job<z.input<typeof verifyBackupRequestSchema>, JobProgress, VerifyResult>(),
};
