import { describe, expect, it } from 'vitest';
import { isoWeek, periodLabels } from './calendar-periods';

describe('calendar periods', () => {
  it('numbers ISO weeks across a year boundary (a year of 53 weeks, and a week 1 that starts in December)', () => {
    expect(isoWeek(2026, 12, 27)).toEqual({ year: 2026, week: 52 }); // Sunday
    expect(isoWeek(2026, 12, 28)).toEqual({ year: 2026, week: 53 }); // Monday: 2026 has 53 weeks (it starts on a Thursday)
    expect(isoWeek(2027, 1, 1)).toEqual({ year: 2026, week: 53 });
    expect(isoWeek(2027, 1, 3)).toEqual({ year: 2026, week: 53 }); // Sunday
    expect(isoWeek(2027, 1, 4)).toEqual({ year: 2027, week: 1 });
    expect(isoWeek(2024, 12, 30)).toEqual({ year: 2025, week: 1 }); // a Monday in December, already week 1 of the next year
    expect(isoWeek(2021, 1, 3)).toEqual({ year: 2020, week: 53 });
  });

  it('reads the day in the zone, not in UTC: 00:30 in Berlin is the day before in UTC', () => {
    // 2026-03-29: Europe/Berlin moves from +01:00 to +02:00 at 02:00.
    expect(periodLabels('Europe/Berlin', Date.parse('2026-03-28T23:30:00Z')).daily).toBe('2026-03-29');
    expect(periodLabels('Europe/Berlin', Date.parse('2026-03-29T22:30:00Z')).daily).toBe('2026-03-30');
    expect(periodLabels('UTC', Date.parse('2026-03-29T22:30:00Z')).daily).toBe('2026-03-29');
    expect(periodLabels('America/New_York', Date.parse('2027-01-01T03:00:00Z'))).toEqual({
      hourly: '2026-12-31 22:00-05:00',
      daily: '2026-12-31',
      weekly: '2026-W53',
      monthly: '2026-12',
      yearly: '2026',
    });
  });

  it('tells the two 02:00 hours apart when the clocks go back', () => {
    // 2026-10-25: Europe/Berlin goes from 03:00 +02:00 back to 02:00 +01:00.
    expect(periodLabels('Europe/Berlin', Date.parse('2026-10-25T00:30:00Z')).hourly).toBe('2026-10-25 02:00+02:00');
    expect(periodLabels('Europe/Berlin', Date.parse('2026-10-25T01:30:00Z')).hourly).toBe('2026-10-25 02:00+01:00');
    expect(periodLabels('Europe/Berlin', Date.parse('2026-10-25T01:30:00Z')).daily).toBe('2026-10-25');
  });
});
