/**
 * Recovery target times. A target is an instant, never a wall-clock reading: "14:31" means
 * different moments in Paris and in Tokyo, and a naive string written into recovery_target_time
 * is read in the recovering server's TimeZone setting (a classic source of recoveries one or more
 * hours off). So what the user types is turned into UTC once, here, and written with "+00".
 *
 * Shared by the CLI (--target-time, --time-zone) and the wizard's picker (date, time, zone).
 */

/** An instant in UTC, "2026-11-21T14:31:00Z" or with up to six fractional digits (PostgreSQL keeps microseconds). */
export type UtcInstant = string & { readonly __utcInstant: true };

export type ParsedTargetTime =
  | {
      ok: true;
      utc: UtcInstant;
      /** How the text was read, for the output: "+02:00 from the text", "Europe/Paris (UTC+01:00 on that day)". */
      interpretedAs: string;
    }
  | { ok: false; message: string };

const wallTimePattern = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?\s*(.*)$/;

interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Fractional second digits as typed ("5" is half a second), without the dot. */
  fraction: string;
}

/**
 * Reads a target time. Accepted: an explicit offset or Z ("2026-11-21 14:31:00+02",
 * "2026-11-21T14:31:00.25-05:30", "...Z", "... UTC"), an IANA zone after the time
 * ("2026-11-21 14:31 Europe/Paris"), or a bare wall time together with `timeZone`. A bare wall time
 * without a zone is refused rather than guessed.
 */
export function parseTargetTime(text: string, timeZone?: string): ParsedTargetTime {
  const match = wallTimePattern.exec(text.trim());
  if (!match) {
    return {
      ok: false,
      message: `"${text}" is not a time: write YYYY-MM-DD HH:MM[:SS[.ffffff]] followed by an offset (+02, -05:30, Z) or a zone (Europe/Paris).`,
    };
  }
  const wall = wallOf(match);
  const problem = wallTimeProblem(wall);
  if (problem) return { ok: false, message: `"${text}": ${problem}.` };
  const zoneText = match[8]!.trim();

  if (zoneText !== '') {
    const offsetMinutes = parseOffset(zoneText);
    if (offsetMinutes !== null) {
      return { ok: true, utc: toUtc(wall, offsetMinutes), interpretedAs: `UTC${formatOffset(offsetMinutes)} from the text` };
    }
    if (!isTimeZone(zoneText)) {
      return { ok: false, message: `"${zoneText}" is neither a UTC offset (+02, -05:30, Z) nor a time zone name (Europe/Paris, America/New_York).` };
    }
    return inZone(wall, zoneText, 'the zone in the text');
  }
  if (!timeZone) {
    return {
      ok: false,
      message: `"${text}" has no UTC offset or time zone, so it could mean different instants: add one ("${text.trim()}+00", "${text.trim()} Europe/Paris") or give the zone separately (--time-zone).`,
    };
  }
  const offsetMinutes = parseOffset(timeZone);
  if (offsetMinutes !== null) return { ok: true, utc: toUtc(wall, offsetMinutes), interpretedAs: `UTC${formatOffset(offsetMinutes)} (given zone)` };
  if (!isTimeZone(timeZone)) return { ok: false, message: `"${timeZone}" is not a time zone name (Europe/Paris, America/New_York, UTC).` };
  return inZone(wall, timeZone, 'the given zone');
}

/** "2026-11-21T14:31:00.5Z" → "2026-11-21 14:31:00.5+00", the spelling written into recovery_target_time. */
export function formatTargetTimeSetting(utc: UtcInstant): string {
  return utc.replace('T', ' ').replace(/Z$/, '+00');
}

/** Milliseconds since the epoch (sub-millisecond digits dropped): for comparisons with backup times. */
export function instantMs(utc: string): number {
  return Date.parse(utc);
}

/** Whether a string is an instant with an explicit offset or Z (what the contract accepts). */
export function isInstantWithOffset(text: string): boolean {
  const match = wallTimePattern.exec(text.trim());
  return match !== null && parseOffset(match[8]!.trim()) !== null && wallTimeProblem(wallOf(match)) === null;
}

/** An instant with an explicit offset → its UTC spelling; throws on anything else (validate first). */
export function normalizeInstant(text: string): UtcInstant {
  const parsed = parseTargetTime(text);
  if (!parsed.ok || parseOffset(wallTimePattern.exec(text.trim())?.[8]?.trim() ?? '') === null) {
    throw new RangeError(`Not an instant with an offset: ${text}`);
  }
  return parsed.utc;
}

// One formatter per zone: creating one costs far more than formatting (retention reads 10,000 backups' days).
const wallClockFormatters = new Map<string, Intl.DateTimeFormat>();

/** What a clock in `timeZone` reads at `utcMs`, to the second, as zero-padded fields. Throws a RangeError for an unknown zone. */
export function wallClockFieldsIn(timeZone: string, utcMs: number): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
  let formatter = wallClockFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    wallClockFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(utcMs));
  const field = (type: Intl.DateTimeFormatPartTypes) => parts.find((part) => part.type === type)?.value ?? '00';
  return { year: field('year'), month: field('month'), day: field('day'), hour: field('hour'), minute: field('minute'), second: field('second') };
}

/** The UTC offset of `timeZone` at `utc`, in minutes east of Greenwich. */
export function zoneOffsetMinutes(timeZone: string, utcMs: number): number {
  const wall = wallClockFieldsIn(timeZone, utcMs);
  const asUtc = Date.UTC(Number(wall.year), Number(wall.month) - 1, Number(wall.day), Number(wall.hour), Number(wall.minute), Number(wall.second));
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

function wallOf(match: RegExpExecArray): WallTime {
  return {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: Number(match[4]),
    minute: Number(match[5]),
    second: Number(match[6] ?? 0),
    fraction: match[7] ?? '',
  };
}

function wallTimeProblem(wall: WallTime): string | null {
  if (wall.month < 1 || wall.month > 12) return 'the month must be 01 to 12';
  const daysInMonth = new Date(Date.UTC(wall.year, wall.month, 0)).getUTCDate();
  if (wall.day < 1 || wall.day > daysInMonth) return `the day must be 01 to ${daysInMonth} in that month`;
  if (wall.hour > 23 || wall.minute > 59 || wall.second > 59) return 'the time must be 00:00:00 to 23:59:59';
  return null;
}

/** "+02", "+0200", "+02:00", "-05:30", "Z", "UTC", "GMT" → minutes; null for anything else. */
function parseOffset(text: string): number | null {
  if (/^(z|utc|gmt)$/i.test(text)) return 0;
  const match = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(text);
  if (!match) return null;
  const hours = Number(match[2]);
  const minutes = Number(match[3] ?? 0);
  if (hours > 15 || minutes > 59) return null;
  return (match[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${String(Math.floor(absolute / 60)).padStart(2, '0')}:${String(absolute % 60).padStart(2, '0')}`;
}

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function toUtc(wall: WallTime, offsetMinutes: number): UtcInstant {
  const ms = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second) - offsetMinutes * 60_000;
  const iso = new Date(ms).toISOString().slice(0, 19);
  return `${iso}${wall.fraction ? '.' + wall.fraction : ''}Z` as UtcInstant;
}

/**
 * A wall time in an IANA zone. Around a DST change a wall time can happen twice (the clocks go
 * back) or never (they jump forward): both are refused with the two readings, rather than picking one.
 */
function inZone(wall: WallTime, timeZone: string, source: string): ParsedTargetTime {
  const naiveMs = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  // The offset can only be one of those in force a day either side.
  const candidates = new Set([
    zoneOffsetMinutes(timeZone, naiveMs - 86_400_000),
    zoneOffsetMinutes(timeZone, naiveMs),
    zoneOffsetMinutes(timeZone, naiveMs + 86_400_000),
  ]);
  const fitting = [...candidates].filter((offset) => zoneOffsetMinutes(timeZone, naiveMs - offset * 60_000) === offset).sort((a, b) => b - a);
  const wallText = `${wall.year}-${pad(wall.month)}-${pad(wall.day)} ${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}`;
  if (fitting.length === 0) {
    return { ok: false, message: `${wallText} does not exist in ${timeZone} (the clocks jumped forward over it); give an explicit offset.` };
  }
  if (fitting.length > 1) {
    const readings = fitting.map((offset) => `${wallText}${formatOffset(offset)}`).join(' or ');
    return { ok: false, message: `${wallText} happens twice in ${timeZone} (the clocks went back): write ${readings}.` };
  }
  const offset = fitting[0]!;
  return { ok: true, utc: toUtc(wall, offset), interpretedAs: `${timeZone} (UTC${formatOffset(offset)} on that day, ${source})` };
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
