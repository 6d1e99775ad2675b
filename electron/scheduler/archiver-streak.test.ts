import { describe, expect, it } from 'vitest';
import { nextArchiverStreak, type ArchiverReading, type ArchiverWatchEntry } from './archiver-streak';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 3, 12, minute));
const working: ArchiverReading = { archiving: true, failedCount: 0, lastFailedTime: null, lastArchivedTime: '2026-12-03T11:50:00Z' };
const failing = (failedCount: number, lastFailedTime = '2026-12-03T11:55:00Z'): ArchiverReading => ({ ...working, failedCount, lastFailedTime });

/** Feeds readings one check after another; returns each step. */
function steps(readings: ArchiverReading[], first?: ArchiverWatchEntry): string[] {
  let entry = first;
  return readings.map((reading, i) => {
    const next = nextArchiverStreak('p1', entry, reading, at(i * 5));
    entry = next.entry;
    return next.step;
  });
}

describe('one notification per failing streak of the archiver', () => {
  it('a streak is told once, however long it lasts and however often it fails', () => {
    expect(steps([working, failing(3), failing(6), failing(9, '2026-12-03T12:10:00Z')])).toEqual([
      'working',
      'streak-started',
      'still-failing',
      'still-failing',
    ]);
  });

  it('after a recovery, the next failure is a new streak', () => {
    const recovered = { ...failing(3), lastArchivedTime: '2026-12-03T11:56:00Z' };
    expect(steps([failing(3), recovered, failing(4, '2026-12-03T11:58:00Z')])).toEqual(['streak-started', 'recovered', 'streak-started']);
    const first = nextArchiverStreak('p1', undefined, failing(3), at(0)).entry;
    const again = nextArchiverStreak('p1', nextArchiverStreak('p1', first, recovered, at(5)).entry, failing(4, '2026-12-03T11:58:00Z'), at(10)).entry;
    expect(again.failingSince).not.toBe(first.failingSince);
  });

  it('a failure already followed by an archived segment is not news', () => {
    const healed = { ...failing(1), lastArchivedTime: '2026-12-03T11:56:00Z' };
    expect(steps([working, healed, healed])).toEqual(['working', 'working', 'working']);
  });

  it('an archiver failing at the first look is told (nothing was known before); failures that did not grow start no streak', () => {
    expect(steps([failing(3)])).toEqual(['streak-started']);
    const known: ArchiverWatchEntry = { profileId: 'p1', checkedAt: at(0).toISOString(), failedCount: 3, failingSince: null, unreachable: null };
    expect(steps([failing(3)], known)).toEqual(['still-failing']);
  });

  it('counters reset (pg_stat_reset_shared, another server) count afresh', () => {
    const known: ArchiverWatchEntry = { profileId: 'p1', checkedAt: at(0).toISOString(), failedCount: 40, failingSince: null, unreachable: null };
    expect(steps([failing(2)], known)).toEqual(['streak-started']);
  });

  it('a server without archiving has no archiver to fail, and ends a streak', () => {
    expect(steps([failing(3), { ...failing(3), archiving: false }])).toEqual(['streak-started', 'not-archiving']);
    expect(nextArchiverStreak('p1', undefined, { ...failing(3), archiving: false }, at(0)).entry.failingSince).toBeNull();
  });
});
