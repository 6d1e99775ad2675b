import { z } from 'zod';
import { job, request, type JobStarted } from './define';
import type { JobProgress } from '../domain/job';
import { backupIdSchema, identifierSchema } from '../domain/backup';
import {
  snapshotNameSchema,
  snapshotTtlSchema,
  type SnapshotCleanupPlan,
  type SnapshotComparison,
  type SnapshotCreateResult,
  type SnapshotList,
  type SnapshotPrepareResult,
  type SnapshotRecord,
  type SnapshotRestoreResult,
  type SnapshotSession,
} from '../domain/snapshot';

/** A snapshot named by its name or its id (tidemark_snap_<id> works too). */
const snapshotRef = z.string().trim().min(1).max(200);

export const snapshotCreateRequestSchema = z.object({
  profileId: z.string().min(1),
  database: identifierSchema,
  /** Absent: the database's name and the time. */
  name: snapshotNameSchema.optional(),
  note: z.string().trim().max(2000).optional(),
  ttl: snapshotTtlSchema.optional(),
  /** End the other sessions on the database (the UI asks first, the CLI needs --terminate). */
  terminate: z.boolean().default(false),
  /** Keep a prepared copy for the fast restore (costs the database's size again on disk). */
  preparedCopies: z.boolean().default(true),
});

export const snapshotRequests = {
  /** CREATE DATABASE tidemark_snap_<id> TEMPLATE <database>, then the prepared copy in the background. */
  'snapshots.create': request<SnapshotCreateResult>()(snapshotCreateRequestSchema),
  /** The recorded snapshots (of a profile, of a database), and with a profile the server's unrecorded ones. */
  'snapshots.list': request<SnapshotList>()(z.object({ profileId: z.string().min(1).optional(), database: identifierSchema.optional() })),
  /** Who is connected to a database (what create and restore would end). */
  'snapshots.sessions': request<SnapshotSession[]>()(z.object({ profileId: z.string().min(1), database: identifierSchema })),
  /** Puts the snapshot back under its source database's name; the replaced state stays as an undo snapshot. */
  'snapshots.restore': request<SnapshotRestoreResult>()(z.object({ snapshot: snapshotRef, terminate: z.boolean().default(false) })),
  /** Tables added, dropped or altered, and every table's exact row count, between the snapshot and the database now. */
  'snapshots.compare': request<SnapshotComparison>()(z.object({ snapshot: snapshotRef })),
  /** Drops the snapshot's databases (only those whose comment carries its id) and its record; `confirm` repeats its name. */
  'snapshots.delete': request<{ id: string; dropped: string[] }>()(z.object({ snapshot: snapshotRef, confirm: z.string() })),
  /** Expired snapshots: what cleanup drops and the space it frees; `apply` drops them. */
  'snapshots.cleanup': request<SnapshotCleanupPlan>()(z.object({ profileId: z.string().min(1).optional(), apply: z.boolean().default(false) })),
  /** Turns the prepared copy off (dropping it) or on (preparing one). */
  'snapshots.setPreparedCopies': request<SnapshotRecord>()(z.object({ snapshot: snapshotRef, enabled: z.boolean() })),
  /** A long job: restores a logical backup of the repository into a new snapshot database. */
  'snapshots.fromBackup': request<JobStarted<'snapshots.fromBackup'>>()(
    z.object({
      backupId: backupIdSchema,
      name: snapshotNameSchema,
      repositoryDir: z.string().trim().min(1).optional(),
      note: z.string().trim().max(2000).optional(),
      ttl: snapshotTtlSchema.optional(),
    }),
  ),
  /** A long job (backup.logical): a logical backup of the snapshot's database into the repository. */
  'snapshots.export': request<JobStarted<'backup.logical'>>()(z.object({ snapshot: snapshotRef, repositoryDir: z.string().trim().min(1).optional() })),
};

export const snapshotJobs = {
  /** The prepared copy of a snapshot, made in the background after create and after each restore. */
  'snapshots.prepare': job<{ snapshotId: string }, JobProgress, SnapshotPrepareResult>(),
  'snapshots.fromBackup': job<{ backupId: string; name: string }, JobProgress, SnapshotRecord>(),
};
