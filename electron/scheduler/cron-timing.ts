import { Cron } from 'croner';
import { TidemarkError } from '../../shared/domain/errors';
import { wallClockFieldsIn, zoneOffsetMinutes } from '../../shared/domain/pitr-time';
import type { DstWarning, UpcomingRun } from '../../shared/domain/schedule';

const fieldNames = ['minute', 'hour', 'day of month', 'month', 'day of week'] as const;
const hourMs = 3_600_000;

/** A wall-clock reading in a zone: "2026-03-29 03:00" and its offset "+02:00". */
interface WallClock {
  date: string;
  time: string;
  offset: string;
}

/** "+02:00" for 120 minutes east of Greenwich. */
function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const whole = Math.abs(minutes);
  return `${sign}${String(Math.floor(whole / 60)).padStart(2, '0')}:${String(whole % 60).padStart(2, '0')}`;
}

function wallClock(instant: Date, timeZone: string): WallClock {
  const fields = wallClockFieldsIn(timeZone, instant.getTime());
  return {
    date: `${fields.year}-${fields.month}-${fields.day}`,
    time: `${fields.hour}:${fields.minute}`,
    offset: offsetText(zoneOffsetMinutes(timeZone, instant.getTime())),
  };
}

/**
 * How often each wall time HH:MM occurs in the six hours around an offset change: 0 in the hour
 * clocks skip, 2 in the hour they repeat (absent: once).
 */
function wallTimesAround(change: Date, timeZone: string): Map<string, number> {
  const seen = new Map<string, number>();
  for (let t = change.getTime() - 3 * hourMs; t <= change.getTime() + 3 * hourMs; t += 60_000) {
    const time = wallClock(new Date(t), timeZone).time;
    seen.set(time, (seen.get(time) ?? 0) + 1);
  }
  const counts = new Map<string, number>();
  // The inner hours of the window (the change is at its middle): a minute never seen was skipped, one seen twice repeated.
  const first = wallClock(new Date(change.getTime() - 3 * hourMs), timeZone);
  const [h0] = first.time.split(':').map(Number);
  for (let hour = h0! + 1; hour <= h0! + 4; hour += 1) {
    for (let minute = 0; minute < 60; minute += 1) {
      const time = `${String(hour % 24).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
      const count = seen.get(time) ?? 0;
      if (count !== 1) counts.set(time, count);
    }
  }
  return counts;
}

/** Refuses a zone Intl does not know, naming it (croner's own message speaks of dates). */
export function checkTimeZone(timeZone: string): void {
  try {
    wallClockFieldsIn(timeZone, 0);
  } catch {
    throw new TidemarkError('invalid_input', `"${timeZone}" is not a time zone this machine knows.`, {
      hint: 'Use an IANA name such as Europe/Berlin, America/New_York or UTC.',
    });
  }
}

/** Where field `index` (0-based) of a cron expression starts, 1-based, for error messages. */
function fieldColumn(expression: string, index: number): number {
  const fields = [...expression.matchAll(/\S+/g)];
  return (fields[index]?.index ?? 0) + 1;
}

function invalidCron(expression: string, index: number, what: string): TidemarkError {
  const column = fieldColumn(expression, index);
  return new TidemarkError('invalid_input', `Cron expression "${expression}": ${what} at column ${column} (the ${fieldNames[index]} field).`, {
    hint: 'Five fields: minute hour day-of-month month day-of-week, e.g. "0 2 * * *" for 02:00 every day.',
    details: { column, field: fieldNames[index] ?? '' },
  });
}

/**
 * A schedule's "when": a five-field cron expression read in an IANA zone, parsed by croner. It
 * answers the slots between two instants, the coming runs, and the daylight-saving changes that
 * move, skip or double one.
 */
export class CronTiming {
  private readonly cron: Cron;

  constructor(
    readonly expression: string,
    readonly timeZone: string,
  ) {
    const fields = expression.trim().split(/\s+/);
    if (fields.length !== 5) {
      throw new TidemarkError(
        'invalid_input',
        `Cron expression "${expression}" has ${fields.length} field${fields.length === 1 ? '' : 's'}; it needs five: minute hour day-of-month month day-of-week.`,
        { hint: 'For example "0 2 * * *" (02:00 every day) or "30 1 * * 0" (01:30 on Sundays).' },
      );
    }
    checkTimeZone(timeZone);
    // Each field alone first, so an error names its column (croner's message names only the part).
    fields.forEach((field, index) => {
      const probe = fields.map((_, i) => (i === index ? field : '*')).join(' ');
      try {
        new Cron(probe, { timezone: 'UTC', paused: true });
      } catch (error) {
        const reason = error instanceof Error ? error.message.replace(/^CronPattern:\s*/, '') : String(error);
        throw invalidCron(expression, index, `"${field}" is not valid (${reason})`);
      }
    });
    // Standard cron: a day-of-month and a day-of-week both set mean either (Vixie cron, croner's legacy mode).
    this.cron = new Cron(expression, { timezone: timeZone, paused: true, domAndDow: false });
    if (!this.cron.nextRun(new Date())) {
      throw new TidemarkError('invalid_input', `Cron expression "${expression}" never matches a date (for example the 30th of February).`);
    }
  }

  /** The first slot strictly after `after`, or null if there is none. */
  next(after: Date): Date | null {
    return this.cron.nextRun(after);
  }

  /**
   * The slots in (after, until], oldest first, at most `limit` of them; `more` says the limit cut
   * the list (a minute schedule asleep for a week has 10,080 slots).
   */
  slotsBetween(after: Date, until: Date, limit = 10_000): { slots: Date[]; more: boolean } {
    const slots: Date[] = [];
    let cursor = this.next(after);
    while (cursor && cursor.getTime() <= until.getTime()) {
      if (slots.length === limit) return { slots, more: true };
      slots.push(cursor);
      cursor = this.next(cursor);
    }
    return { slots, more: false };
  }

  /** The next `count` runs after `from`, with their wall-clock time in the zone. */
  upcoming(count: number, from: Date): UpcomingRun[] {
    return this.cron.nextRuns(count, from).map((at) => ({ at: at.toISOString(), local: this.localText(at) }));
  }

  localText(at: Date): string {
    const clock = wallClock(at, this.timeZone);
    return `${clock.date} ${clock.time} (${clock.offset})`;
  }

  /**
   * The daylight-saving changes in the coming `horizonDays` that move, skip or double a run:
   * the runs croner gives on the change's day are compared with the wall-clock times the
   * expression names (the same expression read in UTC, which has no such change).
   */
  dstWarnings(from: Date, horizonDays = 366): DstWarning[] {
    const warnings: DstWarning[] = [];
    for (const change of this.offsetChanges(from, horizonDays)) {
      const dayStart = new Date(change.getTime() - 24 * hourMs);
      const dayEnd = new Date(change.getTime() + 24 * hourMs);
      const localDate = wallClock(change, this.timeZone).date;
      const actual = this.slotsBetween(dayStart, dayEnd, 2000)
        .slots.map((slot) => wallClock(slot, this.timeZone))
        .filter((clock) => clock.date === localDate);
      const occurrences = wallTimesAround(change, this.timeZone);
      for (const time of this.wantedTimes(localDate)) {
        const runs = actual.filter((clock) => clock.time === time);
        const exists = occurrences.get(time) ?? 1;
        if (exists === 0 && runs.length === 0) {
          const instead = actual.find((clock) => clock.time > time && (occurrences.get(clock.time) ?? 1) > 0 && !this.names(localDate, clock.time));
          warnings.push({
            date: localDate,
            kind: instead ? 'moved' : 'skipped',
            message: instead
              ? `${localDate}: ${time} does not exist (clocks go forward), so that run is at ${instead.time} (${instead.offset}) instead.`
              : `${localDate}: ${time} does not exist (clocks go forward), so that run is skipped.`,
          });
        } else if (exists === 2) {
          warnings.push({
            date: localDate,
            kind: 'doubled',
            message:
              runs.length === 2
                ? `${localDate}: ${time} happens twice (clocks go back), so it runs twice: at ${time} (${runs[0]!.offset}) and ${time} (${runs[1]!.offset}).`
                : `${localDate}: ${time} happens twice (clocks go back); it runs once, at ${time} (${runs[0]?.offset ?? ''}).`,
          });
        }
      }
    }
    return warnings;
  }

  private names(localDate: string, time: string): boolean {
    return this.wantedTimes(localDate).includes(time);
  }

  /** The wall-clock times HH:MM the expression names on a local date. */
  private wantedTimes(localDate: string): string[] {
    const naive = new Cron(this.expression, { timezone: 'UTC', paused: true, domAndDow: false });
    const start = new Date(`${localDate}T00:00:00Z`);
    const times: string[] = [];
    let cursor = naive.nextRun(new Date(start.getTime() - 1));
    while (cursor && cursor.toISOString().slice(0, 10) === localDate && times.length < 1440) {
      times.push(cursor.toISOString().slice(11, 16));
      cursor = naive.nextRun(cursor);
    }
    return times;
  }

  /** Instants (to the minute) where the zone's UTC offset changes, in the coming `horizonDays`. */
  private offsetChanges(from: Date, horizonDays: number): Date[] {
    const changes: Date[] = [];
    const end = from.getTime() + horizonDays * 24 * hourMs;
    let previous = wallClock(from, this.timeZone).offset;
    for (let t = from.getTime() + hourMs; t <= end; t += hourMs) {
      const offset = wallClock(new Date(t), this.timeZone).offset;
      if (offset !== previous) {
        // Narrow the hour down to the minute of the change.
        let low = t - hourMs;
        let high = t;
        while (high - low > 60_000) {
          const middle = low + Math.floor((high - low) / 120_000) * 60_000;
          if (wallClock(new Date(middle), this.timeZone).offset === previous) low = middle;
          else high = middle;
        }
        changes.push(new Date(high));
        previous = offset;
      }
    }
    return changes;
  }
}
