import { z } from 'zod';
import { job, request, type JobStarted } from './define';
import { connectionRefSchema } from './backups';
import {
  recoveryRequestSchema,
  recoveryTargetSchema,
  restorePointNameSchema,
  type OldDataDir,
  type RecoveryPlan,
  type RecoveryPlanOutcome,
  type RecoveryProgress,
  type RecoveryRequestInput,
  type RecoveryResult,
  type RestorePointResult,
} from '../domain/pitr';
import type { JobProgress } from '../domain/job';

const clusterId = z.string().min(1);
const retargetInput = z.object({ clusterId, target: recoveryTargetSchema, inclusive: z.boolean().default(true), promote: z.boolean().default(false) });

/** A recovery's progress: the job's line, and the replay position against the target, segments fetched, elapsed and time left. */
export type RecoveryJobProgress = JobProgress<RecoveryProgress>;

export const pitrRequests = {
  /**
   * Checks a recovery without changing anything: the base backup chosen (and the others that
   * could serve), the WAL it needs and whether the archive has all of it, the destination, and the
   * exact lines written into postgresql.auto.conf. A recovery that cannot work comes back refused,
   * with its end state (a gap names the missing segment).
   */
  'pitr.plan': request<RecoveryPlanOutcome>()(recoveryRequestSchema),
  /** Plans again, and starts the recovery job when the plan is ready (a refusal is an error with details.endState). */
  'pitr.start': request<JobStarted<'pitr.recover'> & { plan: RecoveryPlan }>()(recoveryRequestSchema),
  /** A cluster paused for inspection: end recovery and promote it. A job. */
  'pitr.resume': request<JobStarted<'pitr.resume'>>()(z.object({ clusterId })),
  /**
   * A cluster paused for inspection: move the target later and replay on to it (ALTER SYSTEM, then
   * a restart that keeps recovery.signal). A job; it ends paused again, or promoted with `promote`.
   */
  'pitr.retarget': request<JobStarted<'pitr.retarget'>>()(retargetInput),
  /** pg_create_restore_point(name), then pg_switch_wal() so the point reaches the archive promptly. */
  'restorePoint.create': request<RestorePointResult>()(
    z.object({
      server: connectionRefSchema,
      name: restorePointNameSchema,
      repositoryDir: z.string().trim().min(1).optional(),
      /** How long to wait for the switched segment to be archived (0: do not wait). */
      waitForArchiveMs: z.number().int().min(0).max(300_000).default(15_000),
    }),
  ),
  /** Data directories in-place recoveries moved aside, newest first (one cluster's, or all). */
  'oldDataDirs.list': request<OldDataDir[]>()(z.object({ clusterId: clusterId.optional() })),
  /**
   * Puts an old data directory back: the cluster is stopped, its current data directory is moved
   * aside in turn (never deleted), and the old one takes its place. `confirmName` repeats the cluster's name.
   */
  'oldDataDirs.restore': request<OldDataDir>()(z.object({ clusterId, path: z.string().min(1), confirmName: z.string() })),
  /** Deletes an old data directory for good; `confirmName` repeats the cluster's name. */
  'oldDataDirs.delete': request<{ path: string; deleted: true }>()(z.object({ clusterId, path: z.string().min(1), confirmName: z.string() })),
};

/** The jobs that end in a recovered (or paused) cluster: a recovery, and a paused one's follow-ups. */
export const recoveryJobKinds = ['pitr.recover', 'pitr.resume', 'pitr.retarget'] as const;
export type RecoveryJobKind = (typeof recoveryJobKinds)[number];

export const pitrJobs = {
  'pitr.recover': job<RecoveryRequestInput, RecoveryJobProgress, RecoveryResult>(),
  'pitr.resume': job<{ clusterId: string }, RecoveryJobProgress, RecoveryResult>(),
  'pitr.retarget': job<z.input<typeof retargetInput>, RecoveryJobProgress, RecoveryResult>(),
};
