import { TidemarkError } from '../../shared/domain/errors';
import { wallClockFieldsIn } from '../../shared/domain/pitr-time';

/**
 * The calendar periods the GFS rules count, read in one IANA time zone: "daily" means the days
 * of the people who read the backups' times, so a backup at 00:30 in Berlin belongs to that day,
 * not to the UTC day before it. Weeks are ISO 8601 weeks (Monday first; the week of a year's first
 * Thursday is its week 1), so 2027-01-01 is in 2026-W53.
 */
export type CalendarPeriod = 'hourly' | 'daily' | 'weekly' | 'monthly' | 'yearly';

export const calendarPeriods: readonly CalendarPeriod[] = ['hourly', 'daily', 'weekly', 'monthly', 'yearly'];

/** An instant's period labels in a zone: what the rules compare and the reasons print. */
export type PeriodLabels = Record<CalendarPeriod, string>;

/** Whether the name is an IANA zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    wallClockFieldsIn(timeZone, 0);
    return true;
  } catch {
    return false;
  }
}

/** The machine's zone, for plans that name none. */
export function machineTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  /** Minutes east of UTC at that instant. */
  offsetMinutes: number;
}

/** What a clock in `timeZone` reads at `utcMs`. */
export function localTime(timeZone: string, utcMs: number): LocalTime {
  let wall: ReturnType<typeof wallClockFieldsIn>;
  try {
    wall = wallClockFieldsIn(timeZone, utcMs);
  } catch {
    throw new TidemarkError('invalid_input', `"${timeZone}" is not a time zone name (Europe/Berlin, America/New_York, UTC).`);
  }
  const [year, month, day, hour, minute, second] = [wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  return { year, month, day, hour, offsetMinutes: Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000) };
}

/** The ISO 8601 week-numbering year and week of a calendar date. */
export function isoWeek(year: number, month: number, day: number): { year: number; week: number } {
  const date = Date.UTC(year, month - 1, day);
  const weekday = (new Date(date).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  // The week belongs to the year its Thursday is in.
  const thursday = new Date(date + (3 - weekday) * 86_400_000);
  const weekYear = thursday.getUTCFullYear();
  const dayOfYear = Math.floor((thursday.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000);
  return { year: weekYear, week: 1 + Math.floor(dayOfYear / 7) };
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function formatOffset(minutes: number): string {
  const absolute = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
}

/**
 * The labels of the periods an instant falls in. An hour carries its UTC offset: when the clocks
 * go back, 02:00+02:00 and 02:00+01:00 are two hours, as they were lived.
 */
export function periodLabels(timeZone: string, utcMs: number): PeriodLabels {
  const local = localTime(timeZone, utcMs);
  const date = `${local.year}-${pad(local.month)}-${pad(local.day)}`;
  const week = isoWeek(local.year, local.month, local.day);
  return {
    hourly: `${date} ${pad(local.hour)}:00${formatOffset(local.offsetMinutes)}`,
    daily: date,
    weekly: `${week.year}-W${pad(week.week)}`,
    monthly: `${local.year}-${pad(local.month)}`,
    yearly: String(local.year),
  };
}

/** The calendar date (YYYY-MM-DD) at `utcMs` in the zone: what pin dates are compared with. */
export function localDate(timeZone: string, utcMs: number): string {
  return periodLabels(timeZone, utcMs).daily;
}
