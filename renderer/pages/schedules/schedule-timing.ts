import { parseTimeOfDay, presetCron, weekdays, type Weekday } from '../../../shared/domain/schedule';

/** The "when" of the schedule form: a preset with its fields, or a cron expression, in a zone. */
export interface TimingDraft {
  mode: 'hourly' | 'nightly' | 'weekly' | 'cron';
  /** hourly: the minute of the hour. */
  minute: number;
  /** nightly and weekly: "HH:MM", 24 h. */
  at: string;
  /** weekly. */
  day: Weekday;
  /** cron mode: five fields as typed. */
  cron: string;
  timeZone: string;
}

export const weekdayNames: Record<Weekday, string> = {
  sun: 'Sunday',
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
};

/** The seeds' cron line (`0 2 * * *`): nightly at 02:00. */
export function initialTiming(timeZone: string): TimingDraft {
  return { mode: 'nightly', minute: 0, at: '02:00', day: 'sun', cron: '0 2 * * *', timeZone };
}

/** The cron expression the draft stands for, or null while a time of day is not HH:MM. */
export function cronOf(draft: TimingDraft): string | null {
  switch (draft.mode) {
    case 'cron':
      return draft.cron.trim() || null;
    case 'hourly':
      return Number.isInteger(draft.minute) && draft.minute >= 0 && draft.minute <= 59 ? presetCron({ kind: 'hourly', minute: draft.minute }) : null;
    case 'nightly':
      return parseTimeOfDay(draft.at) ? presetCron({ kind: 'nightly', at: draft.at }) : null;
    case 'weekly':
      return parseTimeOfDay(draft.at) ? presetCron({ kind: 'weekly', day: draft.day, at: draft.at }) : null;
  }
}

const number = (field: string, max: number): number | null => (/^\d{1,2}$/.test(field) && Number(field) <= max ? Number(field) : null);
const twoDigits = (value: number) => String(value).padStart(2, '0');

/** A cron expression read back as the preset it was written from, when it is one (to edit a saved schedule). */
export function presetOf(
  cron: string,
): { mode: 'hourly'; minute: number } | { mode: 'nightly'; at: string } | { mode: 'weekly'; day: Weekday; at: string } | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [minuteField, hourField, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string];
  const minute = number(minuteField, 59);
  if (minute === null || dayOfMonth !== '*' || month !== '*') return null;
  if (hourField === '*') return dayOfWeek === '*' ? { mode: 'hourly', minute } : null;
  const hour = number(hourField, 23);
  if (hour === null) return null;
  const at = `${twoDigits(hour)}:${twoDigits(minute)}`;
  if (dayOfWeek === '*') return { mode: 'nightly', at };
  const day = number(dayOfWeek, 7);
  // Cron reads both 0 and 7 as Sunday.
  return day === null ? null : { mode: 'weekly', day: weekdays[day % 7]!, at };
}

/** The form's draft for a saved timing: its preset when it is one, else the cron expression. */
export function timingDraftOf(timing: { cron: string; timeZone: string }): TimingDraft {
  const base = { ...initialTiming(timing.timeZone), cron: timing.cron };
  const preset = presetOf(timing.cron);
  return preset ? { ...base, ...preset } : { ...base, mode: 'cron' };
}

const dayRanges: Record<string, string> = { '1-5': 'Monday to Friday', '0,6': 'Saturdays and Sundays', '6,0': 'Saturdays and Sundays' };

/**
 * A cron expression in words where it has a plain reading ("every day at 02:30", "every 15
 * minutes"), else null: the expression itself is then the clearest description.
 */
export function describeCron(cron: string): string | null {
  const preset = presetOf(cron);
  if (preset?.mode === 'hourly') return preset.minute === 0 ? 'Every hour, on the hour' : `Every hour at minute ${preset.minute}`;
  if (preset?.mode === 'nightly') return `Every day at ${preset.at}`;
  if (preset?.mode === 'weekly') return `Every ${weekdayNames[preset.day]} at ${preset.at}`;
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [minuteField, hourField, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string];
  const step = /^\*\/(\d{1,2})$/.exec(minuteField);
  if (step && hourField === '*' && dayOfMonth === '*' && month === '*' && dayOfWeek === '*') {
    return step[1] === '1' ? 'Every minute' : `Every ${Number(step[1])} minutes`;
  }
  if (minuteField === '*' && hourField === '*' && dayOfMonth === '*' && month === '*' && dayOfWeek === '*') return 'Every minute';
  const minute = number(minuteField, 59);
  const hour = number(hourField, 23);
  if (minute === null || hour === null || month !== '*') return null;
  const at = `${twoDigits(hour)}:${twoDigits(minute)}`;
  if (dayOfMonth === '*' && dayRanges[dayOfWeek]) return `${dayRanges[dayOfWeek]} at ${at}`;
  const monthDay = number(dayOfMonth, 31);
  if (monthDay !== null && monthDay > 0 && dayOfWeek === '*') return `On day ${monthDay} of every month at ${at}`;
  return null;
}

/** The server's refusal of a timing, placed at the field it is about (a bad cron field names its column). */
export interface TimingError {
  field: 'cron' | 'timeZone';
  message: string;
  hint: string | null;
  /** 1-based column of the bad cron field. */
  column: number | null;
}

export function timingErrorOf(error: { message: string; hint?: string; details?: Record<string, unknown> }, timeZone: string): TimingError {
  const column = typeof error.details?.column === 'number' ? error.details.column : null;
  const aboutZone = column === null && timeZone.trim() !== '' && error.message.includes(`"${timeZone.trim()}"`);
  return { field: aboutZone ? 'timeZone' : 'cron', message: error.message, hint: error.hint ?? null, column };
}

/** The fields of an expression, with the one at `column` (1-based) marked: the form shows where the error is. */
export function cronFieldsMarked(cron: string, column: number | null): { text: string; bad: boolean }[] {
  return [...cron.matchAll(/\S+|\s+/g)].map((match) => ({ text: match[0], bad: column !== null && match.index + 1 === column && /\S/.test(match[0]) }));
}
