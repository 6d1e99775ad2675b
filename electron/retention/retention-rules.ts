import { retentionDurationMs } from '../../shared/domain/retention';
import type { RetentionPolicy } from '../../shared/domain/retention-policy';
import { calendarPeriods, periodLabels, type CalendarPeriod } from './calendar-periods';
import type { RetentionCandidate } from './retention-candidate';

const periodField: Record<CalendarPeriod, 'keepHourly' | 'keepDaily' | 'keepWeekly' | 'keepMonthly' | 'keepYearly'> = {
  hourly: 'keepHourly',
  daily: 'keepDaily',
  weekly: 'keepWeekly',
  monthly: 'keepMonthly',
  yearly: 'keepYearly',
};

export type KeepReason = (backupId: string, reason: string) => void;

/**
 * The policy's rules over one series' complete backups, newest first, as restic and borg count
 * them: each rule on its own over the whole series (a backup may be kept by several, and every
 * reason is listed).
 * - keep-last N: the N newest.
 * - keep-within D: every backup started within D before now; for base backups also the newest one
 *   started before that (point-in-time recovery to the start of the stretch replays from it).
 * - keep-hourly/daily/weekly/monthly/yearly N: walking back from the newest, the newest backup of
 *   each period, until N periods are kept. Periods without a backup do not use up the count.
 */
export function applyRules(series: readonly RetentionCandidate[], policy: RetentionPolicy, now: Date, timeZone: string, keep: KeepReason): void {
  if (policy.keepLast) {
    const count = policy.keepLast;
    series.slice(0, count).forEach((backup, index) => keep(backup.id, `kept: last (${index + 1} of ${count})`));
  }
  if (policy.keepWithin) {
    const boundaryMs = now.getTime() - retentionDurationMs(policy.keepWithin);
    for (const backup of series) if (backup.startedMs >= boundaryMs) keep(backup.id, `kept: within ${policy.keepWithin}`);
    const base = series.find((backup) => backup.startedMs < boundaryMs && backup.base?.usable);
    if (base) {
      keep(base.id, `kept: within ${policy.keepWithin} (recovery to ${new Date(boundaryMs).toISOString()}, the stretch's start, replays from it)`);
    }
  }
  const periods = calendarPeriods.filter((period) => (policy[periodField[period]] ?? 0) > 0);
  if (periods.length === 0) return;
  const labels = series.map((backup) => periodLabels(timeZone, backup.startedMs));
  for (const period of periods) {
    const count = policy[periodField[period]]!;
    let kept = 0;
    let previous: string | null = null;
    for (let index = 0; index < series.length && kept < count; index++) {
      const label = labels[index]![period];
      if (label === previous) continue;
      previous = label;
      keep(series[index]!.id, `kept: ${period} ${label}`);
      kept += 1;
    }
  }
}
