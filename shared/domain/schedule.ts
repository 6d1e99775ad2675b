import type { ErrorPayload } from './errors';
import type { MissedSlotReason } from './notification-event';

export const catchUpPolicies = ['skip', 'once'] as const;
export type CatchUpPolicy = (typeof catchUpPolicies)[number];
export const overlapPolicies = ['skip', 'queue-one'] as const;
export type OverlapPolicy = (typeof overlapPolicies)[number];

/** Why a run started: its slot came, it was caught up after missed slots, it was retried, or someone asked. */
export type RunTrigger = 'slot' | 'catch-up' | 'retry' | 'manual';

interface RunBase {
  /** Unique per run. */
  id: string;
  scheduleId: string;
  /** The slot it ran for (ISO 8601 UTC); a manual run's slot is when it was asked for. */
  slot: string;
}

interface StartedRun extends RunBase {
  trigger: RunTrigger;
  /** 1 for the first try, 2 for the first retry, … */
  attempt: number;
  startedAt: string;
  /** The runner that started it (see RunnerLease). */
  ownerId: string;
  jobId: string;
}

/**
 * One entry of a schedule's history. A slot that did not run is recorded too, with why; missed
 * slots in a row with the same reason are one entry (`slotCount` of them, `slot` to `lastSlot`).
 */
export type ScheduleRun =
  | (StartedRun & { status: 'running' })
  | (StartedRun & { status: 'succeeded'; finishedAt: string; backupIds: string[]; sizeBytes: number })
  | (StartedRun & {
      status: 'failed';
      finishedAt: string;
      error: ErrorPayload;
      /** Its runner died (or was stopped) while it ran: found at the runner's next start. */
      interrupted: boolean;
      /** When the next attempt is due, if the retries allow one. */
      retryAt?: string;
    })
  | (RunBase & { status: 'missed'; reason: MissedSlotReason; lastSlot: string; slotCount: number; recordedAt: string });

export type ScheduleRunStatus = ScheduleRun['status'];

/** Who runs the schedules of a repository: one process at a time holds the lease. */
export interface RunnerLease {
  ownerId: string;
  /** What kind of process: the desktop app, browser mode, `tidemark daemon`. */
  host: 'electron' | 'web' | 'daemon' | 'cli' | 'test';
  hostname: string;
  pid: number;
  startedAt: string;
  /** Refreshed every tick; a lease not refreshed for `staleAfterMs` is taken over. */
  heartbeatAt: string;
}

/** A warning about a coming run that a daylight-saving change moves, skips or doubles. */
export interface DstWarning {
  /** The local date of the change, YYYY-MM-DD in the schedule's zone. */
  date: string;
  kind: 'moved' | 'skipped' | 'doubled';
  message: string;
}

/** One coming run as the preview shows it: the instant and its wall-clock time in the zone. */
export interface UpcomingRun {
  at: string;
  /** e.g. "2026-03-29 03:00 (+02:00)". */
  local: string;
}

export const weekdays = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof weekdays)[number];

/** The presets of the schedule form and `--preset`, written as the cron expressions they stand for. */
export type SchedulePreset = { kind: 'hourly'; minute: number } | { kind: 'nightly'; at: string } | { kind: 'weekly'; day: Weekday; at: string };

/** "HH:MM" (24 h) into hour and minute, or null. */
export function parseTimeOfDay(text: string): { hour: number; minute: number } | null {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return match ? { hour: Number(match[1]), minute: Number(match[2]) } : null;
}

export function presetCron(preset: SchedulePreset): string {
  if (preset.kind === 'hourly') return `${preset.minute} * * * *`;
  const time = parseTimeOfDay(preset.at);
  if (!time) throw new Error(`"${preset.at}" is not a time of day HH:MM`);
  return preset.kind === 'nightly' ? `${time.minute} ${time.hour} * * *` : `${time.minute} ${time.hour} * * ${weekdays.indexOf(preset.day)}`;
}
