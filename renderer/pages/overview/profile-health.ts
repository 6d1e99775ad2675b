import type { BackupSummary } from '../../../shared/domain/backup';
import { formatDurationSeconds } from '../../../shared/format/duration';
import type { ListedSchedule } from '../../components/schedules/use-schedule-overviews';

export interface HealthProblem {
  scheduleName: string;
  kind: 'failed' | 'overdue' | 'problem';
  text: string;
}

/** A connection's backups at a glance, for the Overview. */
export interface ProfileHealth {
  /** Its newest successful backup of any kind, and when it finished. */
  lastSuccess: { backup: BackupSummary; finishedAt: string } | null;
  /** The tightest "overdue after" among its active schedules; null when no schedule expects backups. */
  expectedWithinHours: number | null;
  /** No successful backup within that (none yet: as its schedules say, which count from when they were saved). */
  overdue: boolean;
  /** The soonest coming run of its active schedules. */
  next: { scheduleName: string; at: string; local: string; timeZone: string } | null;
  activeSchedules: number;
  pausedSchedules: number;
  problems: HealthProblem[];
}

function finishedAt(backup: BackupSummary): string {
  return new Date(Date.parse(backup.startedAt) + (backup.durationMs ?? 0)).toISOString();
}

/** From backups.list and schedules.list: the last successful backup, the next run, and what is wrong. */
export function profileHealth(profileId: string, backups: readonly BackupSummary[], schedules: readonly ListedSchedule[], nowMs: number): ProfileHealth {
  const succeeded = backups.filter((backup) => backup.profile?.id === profileId && backup.status === 'complete');
  const newest = succeeded.reduce<BackupSummary | null>((best, backup) => (!best || finishedAt(backup) > finishedAt(best) ? backup : best), null);
  const own = schedules.filter(({ view }) => view.schedule.profileId === profileId);
  const active = own.filter(({ view }) => !view.schedule.paused);
  const thresholds = active.map(({ view }) => view.overdue.thresholdHours);
  const expectedWithinHours = thresholds.length > 0 ? Math.min(...thresholds) : null;
  const lastSuccess = newest ? { backup: newest, finishedAt: finishedAt(newest) } : null;
  const overdue =
    expectedWithinHours !== null &&
    (lastSuccess ? nowMs - Date.parse(lastSuccess.finishedAt) > expectedWithinHours * 3_600_000 : active.some(({ view }) => view.overdue.overdue));

  const upcoming = active
    .flatMap(({ view }) => (view.next ? [{ scheduleName: view.schedule.name, ...view.next, timeZone: view.schedule.timing.timeZone }] : []))
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));

  const problems: HealthProblem[] = own.flatMap(({ view }): HealthProblem[] => {
    const name = view.schedule.name;
    const found: HealthProblem[] = [];
    if (view.lastRun?.status === 'failed') {
      found.push({
        scheduleName: name,
        kind: 'failed',
        text: `its last run failed${view.lastRun.interrupted ? ' (interrupted)' : ''}: ${view.lastRun.error.message}${view.lastRun.retryAt ? ' A retry is due.' : ''}`,
      });
    }
    if (view.overdue.overdue) {
      found.push({
        scheduleName: name,
        kind: 'overdue',
        text: `no successful run ${view.overdue.lastSuccessAt ? `for ${formatDurationSeconds((nowMs - Date.parse(view.overdue.lastSuccessAt)) / 1000)}` : 'since it was saved'}; one is expected every ${formatDurationSeconds(view.overdue.thresholdHours * 3600)}.`,
      });
    }
    if (view.problem) found.push({ scheduleName: name, kind: 'problem', text: view.problem });
    return found;
  });

  return {
    lastSuccess,
    expectedWithinHours,
    overdue,
    next: upcoming[0] ?? null,
    activeSchedules: active.length,
    pausedSchedules: own.length - active.length,
    problems,
  };
}
