import { describe, expect, it } from 'vitest';
import type { RecoverableInterval, RecoverableWindow, WindowBaseBackup } from '../../../shared/domain/wal-archive';
import { axisFraction, layoutWindowBar, pickInRow } from './window-bar-layout';

const t = (minute: number) => new Date(Date.UTC(2025, 4, 1, 12, minute)).toISOString();
const lsn = (lo: number) => ({ hi: 0, lo });

function backup(id: string, startMinute: number, stopMinute: number, usable = true): WindowBaseBackup {
  return {
    backupId: id,
    timeline: 1,
    startLsn: lsn(startMinute),
    stopLsn: lsn(stopMinute),
    startTime: t(startMinute),
    stopTime: t(stopMinute),
    usable,
    problem: usable ? null : 'incomplete',
  };
}

function interval(
  fromMinute: number | null,
  toMinute: number | null,
  backupIds: string[],
  endsAt: RecoverableInterval['endsAt'] = 'archive-end',
): RecoverableInterval {
  return {
    timeline: 1,
    from: { lsn: lsn(1), time: fromMinute === null ? null : t(fromMinute) },
    to: { lsn: lsn(2), time: toMinute === null ? null : t(toMinute) },
    baseBackupIds: backupIds,
    endsAt,
    nextMissing: endsAt === 'gap' ? '000000010000000000000007' : null,
  };
}

function windowOf(parts: Partial<RecoverableWindow>): RecoverableWindow {
  return { systemIdentifier: '1', intervals: [], latest: null, baseBackups: [], gaps: [], idleLag: null, notes: [], ...parts };
}

describe('layoutWindowBar', () => {
  it('puts a gap-split window on one row, with both stretches in order and the axis around them', () => {
    const layout = layoutWindowBar(
      windowOf({
        baseBackups: [backup('a', 0, 1), backup('b', 20, 21)],
        intervals: [interval(21, 30, ['b']), interval(1, 10, ['a'], 'gap')],
      }),
    );
    expect(layout.rows).toHaveLength(1);
    expect(layout.rows[0]!.intervals.map((placed) => placed.interval.baseBackupIds[0])).toEqual(['a', 'b']);
    expect(layout.rows[0]!.backups).toHaveLength(2);
    expect(layout.startMs).toBeLessThan(Date.parse(t(0)));
    expect(layout.endMs).toBeGreaterThan(Date.parse(t(30)));
  });

  it("starts a stretch without a commit time at its backup's stop time", () => {
    const layout = layoutWindowBar(windowOf({ baseBackups: [backup('a', 0, 2)], intervals: [interval(null, null, ['a'])] }));
    expect(layout.rows[0]!.intervals[0]).toMatchObject({ fromMs: Date.parse(t(2)), toMs: Date.parse(t(2)) });
    expect(layout.undated).toEqual([]);
  });

  it('keeps a stretch with no time at all aside instead of drawing it at the epoch', () => {
    const layout = layoutWindowBar(windowOf({ intervals: [interval(null, null, ['gone'])] }));
    expect(layout.undated).toHaveLength(1);
    expect(layout.rows).toEqual([]);
  });

  it('extends the axis to when an idle server was checked, and marks the lag', () => {
    const layout = layoutWindowBar(
      windowOf({
        baseBackups: [backup('a', 0, 1)],
        intervals: [interval(1, 5, ['a'])],
        latest: { lsn: lsn(2), time: t(5) },
        idleLag: { lastCommitTime: t(5), checkedAt: t(45), lagSeconds: 2400, archiveTimeoutSeconds: 0, suggestedArchiveTimeoutSeconds: 300, explanation: '' },
      }),
    );
    expect(layout.lag).toEqual({ timeline: 1, fromMs: Date.parse(t(5)), toMs: Date.parse(t(45)) });
    expect(layout.endMs).toBeGreaterThan(Date.parse(t(45)));
  });

  it('widens a window of an instant to a readable span', () => {
    const layout = layoutWindowBar(windowOf({ baseBackups: [backup('a', 0, 0)], intervals: [interval(0, 0, ['a'])] }));
    expect(layout.endMs - layout.startMs).toBeGreaterThanOrEqual(10_000);
  });
});

describe('pickInRow', () => {
  const layout = layoutWindowBar(
    windowOf({
      baseBackups: [backup('a', 0, 0), backup('b', 20, 20)],
      intervals: [interval(0, 10, ['a'], 'gap'), interval(20, 30, ['b'])],
    }),
  );
  const row = layout.rows[0]!;

  it('picks the instant under the pointer inside a stretch', () => {
    const picked = pickInRow(layout, row, axisFraction(layout, Date.parse(t(5))));
    expect(picked?.atMs).toBe(Date.parse(t(5)));
    expect(picked?.placed.interval.baseBackupIds).toEqual(['a']);
  });

  it('clamps a click in the gap to the nearest end of the nearest stretch', () => {
    expect(pickInRow(layout, row, axisFraction(layout, Date.parse(t(12))))?.atMs).toBe(Date.parse(t(10)));
    expect(pickInRow(layout, row, axisFraction(layout, Date.parse(t(18))))?.atMs).toBe(Date.parse(t(20)));
  });
});
