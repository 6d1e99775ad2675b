import type { RecoveryPlanOutcome, RecoveryRequest, RecoveryTarget } from '../../shared/domain/pitr';
import type { Services } from '../api/services';
import { refuseRoot } from '../clusters/refuse-root';
import { pausedCluster, resumePaused, retargetPaused } from './paused-recovery';
import { planRecovery, type ResolvedRecovery } from './recovery-plan';
import { describeEndState, recoveryError } from './recovery-problems';
import { RecoveryProgressTracker } from './recovery-progress';
import { runRecovery } from './recovery-run';

/** Point-in-time recovery: plan, run as a job, and the paused-for-inspection follow-ups. */
export class PitrService {
  constructor(private readonly services: Services) {}

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
        return runRecovery(context, this.services, resolved, tracker);
      },
    });
    return { jobId: job.id, plan: resolved.plan };
  }

  async resume(clusterId: string): Promise<{ jobId: string }> {
    const paused = await pausedCluster(this.services, clusterId);
    const job = this.services.jobs.start({
      kind: 'pitr.resume',
      title: `Promote ${paused.record.name}`,
      run: (context) => resumePaused(context, this.services, paused),
    });
    return { jobId: job.id };
  }

  async retarget(clusterId: string, change: { target: RecoveryTarget; inclusive: boolean; promote: boolean }): Promise<{ jobId: string }> {
    const paused = await pausedCluster(this.services, clusterId);
    const job = this.services.jobs.start({
      kind: 'pitr.retarget',
      title: `Replay ${paused.record.name} to a later target`,
      run: (context) => retargetPaused(context, this.services, paused, change),
    });
    return { jobId: job.id };
  }
}
