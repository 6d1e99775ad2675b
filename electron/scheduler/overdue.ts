import type { Schedule, ScheduleView } from '../../shared/contract/schedules';
import type { ScheduleRun } from '../../shared/domain/schedule';
import type { CronTiming } from './cron-timing';

/**
 * Whether a schedule is overdue: no successful run within its threshold (overdueAfterHours, else
 * twice the gap between its next two slots), counted from its last success, or from its creation
 * when it never succeeded. A paused schedule is never overdue: nobody expects it to run.
 */
export function overdueOf(schedule: Schedule, timing: CronTiming, lastSuccess: ScheduleRun | null, now: Date): ScheduleView['overdue'] {
  const [first, second] = timing.upcoming(2, now);
  const gapHours = first && second ? (Date.parse(second.at) - Date.parse(first.at)) / 3_600_000 : 24;
  const thresholdHours = schedule.overdueAfterHours ?? Math.max(1, 2 * gapHours);
  const lastSuccessAt = lastSuccess?.status === 'succeeded' ? lastSuccess.finishedAt : null;
  const since = Date.parse(lastSuccessAt ?? schedule.updatedAt);
  return { overdue: !schedule.paused && now.getTime() - since > thresholdHours * 3_600_000, thresholdHours, lastSuccessAt };
}
