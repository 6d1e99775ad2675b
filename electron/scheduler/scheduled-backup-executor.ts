import { logicalBackupRequestSchema } from '../../shared/contract/backups';
import { physicalBackupRequestSchema } from '../../shared/contract/physical';
import type { Schedule } from '../../shared/contract/schedules';
import type { BackupService } from '../backups/backup-service';
import type { JobRegistry } from '../jobs/job-registry';
import type { PhysicalService } from '../physical/physical-service';
import type { ProfileStore } from '../profiles/profile-store';
import type { ScheduledBackupExecutor, ScheduledBackupOutcome } from './schedule-runner';

export interface ScheduledBackupDeps {
  readonly backups: BackupService;
  readonly physical: PhysicalService;
  readonly jobs: JobRegistry;
  readonly profiles: ProfileStore;
}

/** A schedule's backup goes through the same services (and jobs) as one started from the forms. */
export class ServiceBackupExecutor implements ScheduledBackupExecutor {
  constructor(private readonly deps: ScheduledBackupDeps) {}

  async start(schedule: Schedule, repositoryDir: string): Promise<{ jobId: string; finished: Promise<ScheduledBackupOutcome> }> {
    const profile = this.deps.profiles.get(schedule.profileId);
    const { backup } = schedule;
    if (backup.kind === 'logical') {
      const { jobId } = await this.deps.backups.startLogical(
        logicalBackupRequestSchema.parse({
          connection: { profileId: profile.id },
          databases: backup.databases,
          options: backup.options,
          testRestoreAfter: backup.testRestoreAfter,
          repositoryDir,
        }),
      );
      const finished = this.deps.jobs.result(jobId, 'backup.logical').then((result) => ({
        backupIds: result.backups.map((b) => b.id),
        sizeBytes: result.backups.reduce((sum, b) => sum + b.totalBytes, 0),
      }));
      return { jobId, finished };
    }
    const { jobId } = await this.deps.physical.backup(
      physicalBackupRequestSchema.parse({
        server: { profileId: profile.id },
        repositoryDir,
        format: backup.format,
        compression: backup.compression,
        checkpoint: backup.checkpoint,
        verify: backup.verify,
        maxRateKbps: backup.maxRateKbps,
        label: `tidemark schedule ${schedule.name}`,
      }),
    );
    const finished = this.deps.jobs.result(jobId, 'backup.physical').then(({ backup: made }) => ({ backupIds: [made.id], sizeBytes: made.totalBytes }));
    return { jobId, finished };
  }

  async cancel(jobId: string): Promise<void> {
    this.deps.jobs.cancel(jobId);
    await this.deps.jobs.wait(jobId).catch(() => undefined);
  }
}
