import type { MissedSlotReason } from '../../../shared/domain/notification-event';
import type { RunTrigger, ScheduleRun } from '../../../shared/domain/schedule';
import { formatBytes } from '../../../shared/format/bytes';
import { formatDurationMs } from '../../../shared/format/duration';
import { zoneOffsetMinutes } from '../../../shared/domain/pitr-time';
import { wallTimeIn } from '../recovery/zoned-time';

/** Why a slot did not run, as the history says it. */
export const missedReasonText: Record<MissedSlotReason, string> = {
  'app-not-running': 'Tidemark was not running',
  asleep: 'the computer was asleep',
  overlap: 'the previous run was still running',
  'outside-window': 'it could not start within its start window',
};

const triggerWords: Record<RunTrigger, string> = {
  slot: 'on schedule',
  'catch-up': 'catching up missed slots',
  retry: 'a retry',
  manual: 'run now',
};

/** An instant as a clock in the schedule's zone reads it, with the offset: "2026-03-29 03:00 (+02:00)", as the server writes UpcomingRun.local. */
export function scheduleTime(iso: string, timeZone: string): string {
  const minutes = zoneOffsetMinutes(timeZone, Date.parse(iso));
  const sign = minutes < 0 ? '-' : '+';
  const offset = `${sign}${String(Math.floor(Math.abs(minutes) / 60)).padStart(2, '0')}:${String(Math.abs(minutes) % 60).padStart(2, '0')}`;
  return `${wallTimeIn(iso, timeZone).slice(0, 16)} (${offset})`;
}

export type RunTone = 'succeeded' | 'failed' | 'missed' | 'running';

export interface RunDescription {
  tone: RunTone;
  /** One or two words for a badge: "Succeeded", "Failed (interrupted)", "Missed 3 slots". */
  label: string;
  color: string;
  /** The sentence beside it. */
  text: string;
}

/** Why a run started: "on schedule", "run now", "a retry, attempt 2". */
export function triggerText(trigger: RunTrigger, attempt: number): string {
  return `${triggerWords[trigger]}${attempt > 1 ? `, attempt ${attempt}` : ''}`;
}

function attemptText(run: Extract<ScheduleRun, { trigger: RunTrigger }>): string {
  return triggerText(run.trigger, run.attempt);
}

/** One entry of a schedule's history in words; times in the schedule's zone. */
export function describeRun(run: ScheduleRun, timeZone: string): RunDescription {
  const at = (iso: string) => scheduleTime(iso, timeZone);
  switch (run.status) {
    case 'running':
      return { tone: 'running', label: 'Running', color: 'blue', text: `Started ${at(run.startedAt)} (${attemptText(run)}).` };
    case 'succeeded':
      return {
        tone: 'succeeded',
        label: 'Succeeded',
        color: 'teal',
        text: `${formatBytes(run.sizeBytes)} in ${formatDurationMs(Date.parse(run.finishedAt) - Date.parse(run.startedAt))}, finished ${at(run.finishedAt)} (${attemptText(run)}).`,
      };
    case 'failed':
      return {
        tone: 'failed',
        label: run.interrupted ? 'Failed (interrupted)' : 'Failed',
        color: 'red',
        text: `${run.error.message}${run.retryAt ? ` Retry at ${at(run.retryAt)}.` : ''}`,
      };
    case 'missed': {
      const slots = run.slotCount === 1 ? `The slot of ${at(run.slot)}` : `${run.slotCount} slots from ${at(run.slot)} to ${at(run.lastSlot)}`;
      return {
        tone: 'missed',
        label: run.slotCount === 1 ? 'Missed' : `Missed ${run.slotCount} slots`,
        color: 'orange',
        text: `${slots} did not run: ${missedReasonText[run.reason]}.`,
      };
    }
  }
}
