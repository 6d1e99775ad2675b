import type { ConnectionRef } from '../../shared/contract/backups';
import type { OldDataDir, RecoveryPlanOutcome, RecoveryRequest, RecoveryTarget, RestorePointResult } from '../../shared/domain/pitr';
import { refuseRoot } from '../clusters/refuse-root';
import type { JobRegistry } from '../jobs/job-registry';
import { deleteOldDataDir, listOldDataDirs, restoreOldDataDir } from './old-data-dirs';
import { pausedCluster, resumePaused, retargetPaused } from './paused-recovery';
import { planRecovery, type RecoveryPlanDeps, type ResolvedRecovery } from './recovery-plan';
import { describeEndState, recoveryError } from './recovery-problems';
import { RecoveryProgressTracker } from './recovery-progress';
import { runRecovery, type RecoveryRunDeps } from './recovery-run';
import { createRestorePoint, type RestorePointDeps } from './restore-point';
import { whileHeld } from '../repository/backup-holds';
import { repositoryLayout } from '../repository/layout';

/** Planning reads the source and the repository; the jobs register recovered copies and their profiles. */
export interface PitrServiceDeps extends RecoveryPlanDeps, RecoveryRunDeps, RestorePointDeps {
  readonly jobs: JobRegistry;
}

/** Point-in-time recovery: plan, run as a job, the paused-for-inspection follow-ups, restore points and old data directories. */
export class PitrService {
  constructor(private readonly services: PitrServiceDeps) {}

  async plan(request: RecoveryRequest): Promise<RecoveryPlanOutcome> {
    const result = await planRecovery(this.services, request, { forStart: false });
    return result.kind === 'ready' ? { kind: 'ready', plan: result.resolved.plan } : { kind: 'refused', refusal: describeEndState(result.problem) };
  }

  /** Plans again (time has passed since the wizard's plan), then starts the job; a refusal is thrown with its end state. */
  async start(request: RecoveryRequest): Promise<{ jobId: string; plan: ResolvedRecovery['plan'] }> {
    refuseRoot('recover a PostgreSQL cluster');
    const result = await planRecovery(this.services, request, { forStart: true });
    if (result.kind === 'refused') throw recoveryError(result.problem);
    const { resolved } = result;
    const job = this.services.jobs.start({
      kind: 'pitr.recover',
      title: `Recover ${resolved.plan.name}`,
      run: (context) => {
        const tracker = new RecoveryProgressTracker(context, {
          startLsn: resolved.backup.view.startLsn,
          targetLsn: resolved.replayEndLsn,
          segmentsExpected: resolved.plan.wal.segmentCount || null,
          segmentSizeBytes: resolved.segmentSizeBytes,
        });
        // The backup is held while the recovery reads it (and its WAL): retention leaves it alone.
        return whileHeld(repositoryLayout(resolved.source.repositoryRoot), resolved.backup.id, `point-in-time recovery ${resolved.plan.name}`, () =>
          runRecovery(context, this.services, resolved, tracker),
        );
      },
    });
    return { jobId: job.id, plan: resolved.plan };
  }

  async resume(clusterId: string): Promise<{ jobId: string }> {
    const paused = await pausedCluster(this.services.clusters, clusterId);
    const job = this.services.jobs.start({
      kind: 'pitr.resume',
      title: `Promote ${paused.record.name}`,
      run: (context) => resumePaused(context, this.services, paused),
    });
    return { jobId: job.id };
  }

  async retarget(clusterId: string, change: { target: RecoveryTarget; inclusive: boolean; promote: boolean }): Promise<{ jobId: string }> {
    const paused = await pausedCluster(this.services.clusters, clusterId);
    const job = this.services.jobs.start({
      kind: 'pitr.retarget',
      title: `Replay ${paused.record.name} to a later target`,
      run: (context) => retargetPaused(context, this.services, paused, change),
    });
    return { jobId: job.id };
  }

  /** A named restore point on a server, logged in its repository (restore-point.ts). */
  createRestorePoint(options: { server: ConnectionRef; name: string; repositoryDir?: string; waitForArchiveMs: number }): Promise<RestorePointResult> {
    return createRestorePoint(this.services, options);
  }

  listOldDataDirs(clusterId?: string): Promise<OldDataDir[]> {
    return listOldDataDirs(this.services.clusters, clusterId);
  }

  restoreOldDataDir(clusterId: string, path: string, confirmName: string): Promise<OldDataDir> {
    return restoreOldDataDir(this.services.clusters, clusterId, path, confirmName);
  }

  deleteOldDataDir(clusterId: string, path: string, confirmName: string): Promise<{ path: string; deleted: true }> {
    return deleteOldDataDir(this.services.clusters, clusterId, path, confirmName);
  }
}
