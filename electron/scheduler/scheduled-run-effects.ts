import { statfs } from 'node:fs/promises';
import type { Schedule } from '../../shared/contract/schedules';
import { toErrorPayload } from '../../shared/domain/errors';
import type { TidemarkEvent } from '../../shared/domain/notification-event';
import type { ScheduleRun } from '../../shared/domain/schedule';
import type { NotificationService } from '../notifications/notification-service';
import type { RetentionService } from '../retention/retention-service';
import type { ArchiverWatch } from './archiver-watch';
import { CronTiming } from './cron-timing';
import { ScheduleFiles } from './schedule-files';
import { overdueOf } from './overdue';
import type { Clock, RunObserver } from './schedule-runner';

export interface ScheduledRunEffectsDeps {
  readonly notifications: Pick<NotificationService, 'publish' | 'heartbeat' | 'deliverDue'>;
  readonly retention: Pick<RetentionService, 'apply'>;
  /** Reads each scheduled profile's archiver now and then, and says when it starts failing. */
  readonly archiverWatch?: Pick<ArchiverWatch, 'check'>;
  /** Where a problem that has no event of its own goes (the daemon's log). */
  log(line: string): void;
  readonly clock: Clock;
}

/** Below this share of free space (or 2 GiB, whichever is smaller) the repository is "nearly full". */
const nearlyFullShare = 0.1;
const nearlyFullFloorBytes = 2 * 1024 ** 3;

/**
 * What follows a scheduled run: its notification (succeeded, failed, missed), its heartbeat pings
 * (start, success, fail), and retention after a success when the schedule asks for it (its own
 * rules, else the profile's policy). On every tick: the deliveries that are due, overdue schedules,
 * a failing archiver (the watch reads each server at most every few minutes), and a nearly full
 * repository.
 */
export class ScheduledRunEffects implements RunObserver {
  constructor(private readonly deps: ScheduledRunEffectsDeps) {}

  async runStarted(schedule: Schedule, _run: ScheduleRun, repositoryDir: string): Promise<void> {
    if (schedule.heartbeatUrl) await this.ping(schedule, 'start', repositoryDir);
  }

  async runFinished(schedule: Schedule, run: ScheduleRun, repositoryDir: string): Promise<void> {
    const about = { at: this.deps.clock.now().toISOString(), profileId: schedule.profileId, profileName: schedule.profileName, scheduleName: schedule.name };
    if (run.status === 'succeeded') {
      for (const backupId of run.backupIds) {
        await this.publish(
          {
            ...about,
            type: 'backup.succeeded',
            backupId,
            backupKind: schedule.backup.kind,
            sizeBytes: run.sizeBytes,
            durationMs: Date.parse(run.finishedAt) - Date.parse(run.startedAt),
          },
          repositoryDir,
        );
      }
      if (schedule.heartbeatUrl) await this.ping(schedule, 'success', repositoryDir);
      if (schedule.applyRetention) await this.applyRetention(schedule, repositoryDir);
    } else if (run.status === 'failed') {
      await this.publish({ ...about, type: 'backup.failed', backupKind: schedule.backup.kind, error: run.error, attempt: run.attempt }, repositoryDir);
      // healthchecks.io counts /fail as down: only when no retry is coming.
      if (schedule.heartbeatUrl && !run.retryAt) await this.ping(schedule, 'fail', repositoryDir);
    }
    await this.deps.notifications.deliverDue(this.deps.clock.now(), { repositoryDir });
  }

  async slotsMissed(schedule: Schedule, run: ScheduleRun, repositoryDir: string): Promise<void> {
    if (run.status !== 'missed') return;
    await this.publish(
      {
        type: 'backup.missed',
        at: run.recordedAt,
        profileId: schedule.profileId,
        profileName: schedule.profileName,
        scheduleName: schedule.name,
        slot: run.slot,
        reason: run.reason,
      },
      repositoryDir,
    );
  }

  async ticked(repositoryDir: string, schedules: Schedule[], now: Date): Promise<void> {
    // Side by side with the checks below: a server that does not answer holds up nothing but its own check.
    const archiverEvents = this.deps.archiverWatch?.check(repositoryDir, schedules, now).catch((error: unknown) => {
      this.deps.log(`archiver watch: ${toErrorPayload(error).message}`);
      return [];
    });
    const files = new ScheduleFiles(repositoryDir);
    for (const schedule of schedules) {
      const state = await files.readState(schedule.id);
      const lastSuccess = state.runs.findLast((run) => run.status === 'succeeded') ?? null;
      let timing: CronTiming;
      try {
        timing = new CronTiming(schedule.timing.cron, schedule.timing.timeZone);
      } catch {
        continue;
      }
      const overdue = overdueOf(schedule, timing, lastSuccess, now);
      if (overdue.overdue) {
        await this.publish(
          {
            type: 'backup.overdue',
            at: now.toISOString(),
            profileId: schedule.profileId,
            profileName: schedule.profileName,
            lastSuccessAt: overdue.lastSuccessAt,
            thresholdHours: overdue.thresholdHours,
          },
          repositoryDir,
        );
      }
    }
    const space = await statfs(repositoryDir).catch(() => null);
    if (space) {
      const totalBytes = space.blocks * space.bsize;
      const freeBytes = space.bavail * space.bsize;
      if (totalBytes > 0 && freeBytes < Math.min(totalBytes * nearlyFullShare, nearlyFullFloorBytes)) {
        await this.publish({ type: 'repository.disk-nearly-full', at: now.toISOString(), repositoryDir, freeBytes, totalBytes }, repositoryDir);
      }
    }
    for (const event of (await archiverEvents) ?? []) await this.publish(event, repositoryDir);
    await this.deps.notifications.deliverDue(now, { repositoryDir });
  }

  private async applyRetention(schedule: Schedule, repositoryDir: string): Promise<void> {
    try {
      const result = await this.deps.retention.apply({
        profileId: schedule.profileId,
        // The schedule's own rules if it has them, else the profile's stored policy (else nothing is deleted, and the log says why).
        policy: schedule.retention,
        // The schedule's days and weeks, not the machine's.
        timeZone: schedule.timing.timeZone,
        repositoryDir,
        trigger: 'schedule',
        scheduleName: schedule.name,
        // Unattended: a plan that deletes more than half of the backups is refused and waits for a person.
        confirm: false,
      });
      await this.publish(
        {
          type: 'retention.applied',
          at: this.deps.clock.now().toISOString(),
          profileId: schedule.profileId,
          profileName: schedule.profileName,
          kept: result.kept,
          deleted: result.deleted,
          bytesFreed: result.bytesFreed,
          walSegmentsPruned: result.walSegmentsPruned,
        },
        repositoryDir,
      );
    } catch (error) {
      // A plan that would delete more than half of the backups waits for a person: never applied unattended.
      this.deps.log(`schedule ${schedule.name}: retention not applied: ${toErrorPayload(error).message}`);
    }
  }

  private async publish(event: TidemarkEvent, repositoryDir: string): Promise<void> {
    await this.deps.notifications.publish(event, { repositoryDir }).catch((error: unknown) => {
      this.deps.log(`notification ${event.type} not queued: ${toErrorPayload(error).message}`);
    });
  }

  private async ping(schedule: Schedule, signal: 'start' | 'success' | 'fail', repositoryDir: string): Promise<void> {
    await this.deps.notifications.heartbeat(schedule.heartbeatUrl!, signal, { repositoryDir, scheduleName: schedule.name }).catch((error: unknown) => {
      this.deps.log(`schedule ${schedule.name}: heartbeat ${signal} not queued: ${toErrorPayload(error).message}`);
    });
  }
}
