import { describe, expect, it } from 'vitest';
import { CronTiming } from './cron-timing';

describe('CronTiming', () => {
  it('lists the slots between two instants in the zone, across a spring-forward change', () => {
    const timing = new CronTiming('30 2 * * *', 'Europe/Berlin');
    const { slots } = timing.slotsBetween(new Date('2026-03-27T12:00:00Z'), new Date('2026-03-30T12:00:00Z'));
    // 02:30 does not exist on 29 March in Berlin: croner runs at 03:00 CEST (01:00Z) instead.
    expect(slots.map((slot) => slot.toISOString())).toEqual(['2026-03-28T01:30:00.000Z', '2026-03-29T01:00:00.000Z', '2026-03-30T00:30:00.000Z']);
  });

  it('warns that a spring-forward change moves a run, in Europe/Berlin and America/New_York', () => {
    expect(new CronTiming('30 2 * * *', 'Europe/Berlin').dstWarnings(new Date('2026-03-20T00:00:00Z'), 30)).toEqual([
      { date: '2026-03-29', kind: 'moved', message: '2026-03-29: 02:30 does not exist (clocks go forward), so that run is at 03:00 (+02:00) instead.' },
    ]);
    const newYork = new CronTiming('15 2 * * *', 'America/New_York').dstWarnings(new Date('2026-03-01T00:00:00Z'), 20);
    expect(newYork).toHaveLength(1);
    expect(newYork[0]).toMatchObject({ date: '2026-03-08', kind: 'moved' });
  });

  it('warns that a fall-back change repeats a wall time: an hourly schedule runs twice, a nightly one once', () => {
    const hourly = new CronTiming('30 * * * *', 'Europe/Berlin').dstWarnings(new Date('2026-10-20T00:00:00Z'), 10);
    expect(hourly).toEqual([
      {
        date: '2026-10-25',
        kind: 'doubled',
        message: '2026-10-25: 02:30 happens twice (clocks go back), so it runs twice: at 02:30 (+02:00) and 02:30 (+01:00).',
      },
    ]);
    const nightly = new CronTiming('30 1 * * *', 'America/New_York').dstWarnings(new Date('2026-10-25T00:00:00Z'), 10);
    expect(nightly).toEqual([
      { date: '2026-11-01', kind: 'doubled', message: '2026-11-01: 01:30 happens twice (clocks go back); it runs once, at 01:30 (-04:00).' },
    ]);
  });

  it('has no warning where the runs are clear of the change, or the zone has none', () => {
    expect(new CronTiming('0 12 * * *', 'Europe/Berlin').dstWarnings(new Date('2026-01-01T00:00:00Z'))).toEqual([]);
    expect(new CronTiming('30 2 * * *', 'UTC').dstWarnings(new Date('2026-01-01T00:00:00Z'))).toEqual([]);
  });

  it('previews the next runs with their wall-clock time and offset', () => {
    expect(new CronTiming('0 2 * * *', 'Europe/Berlin').upcoming(2, new Date('2026-10-24T12:00:00Z'))).toEqual([
      { at: '2026-10-25T00:00:00.000Z', local: '2026-10-25 02:00 (+02:00)' },
      { at: '2026-10-26T01:00:00.000Z', local: '2026-10-26 02:00 (+01:00)' },
    ]);
  });

  it('refuses a bad expression with the column and field of the error', () => {
    expect(() => new CronTiming('0 25 * * *', 'UTC')).toThrow(/"25" is not valid .* at column 3 \(the hour field\)/);
    expect(() => new CronTiming('0 2 * * mo', 'UTC')).toThrow(/at column 9 \(the day of week field\)/);
    expect(() => new CronTiming('0 2 * *', 'UTC')).toThrow(/has 4 fields; it needs five/);
    expect(() => new CronTiming('0 2 30 2 *', 'UTC')).toThrow(/never matches/);
    expect(() => new CronTiming('0 2 * * *', 'Mars/Olympus')).toThrow(/"Mars\/Olympus" is not a time zone/);
  });

  it('limits a long run of slots and says so', () => {
    const { slots, more } = new CronTiming('* * * * *', 'UTC').slotsBetween(new Date('2026-01-01T00:00:00Z'), new Date('2026-01-08T00:00:00Z'), 100);
    expect(slots).toHaveLength(100);
    expect(more).toBe(true);
  });
});
