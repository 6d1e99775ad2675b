import { describe, expect, it } from 'vitest';
import type { PlannedBackup, RetentionPlan } from '../../../shared/domain/retention';
import { layoutRetentionTimeline } from './retention-timeline-layout';

function backup(id: string, startedAt: string, action: 'keep' | 'delete', seriesKey = 'logical:shop'): PlannedBackup {
  return {
    id,
    kind: 'logical',
    status: 'complete',
    seriesKey,
    startedAt,
    totalBytes: 1,
    database: 'shop',
    systemIdentifier: null,
    action,
    reasons: [],
    reason: '',
    pin: null,
    verified: false,
    damaged: false,
    stopTime: null,
  };
}

const plan = {
  now: '2026-03-11T00:00:00Z',
  series: [{ key: 'logical:shop', kind: 'logical', label: 'logical backups of shop', kept: 1, deleted: 1 }],
  backups: [backup('b2', '2026-03-10T00:00:00Z', 'keep'), backup('b1', '2026-03-01T00:00:00Z', 'delete')],
  wal: [
    {
      systemIdentifier: '42',
      windowBefore: [{ timeline: 1, firstSegment: 'a', lastSegment: 'b', fromTime: '2026-03-01T00:00:00Z', toTime: '2026-03-11T00:00:00Z' }],
      windowAfter: [{ timeline: 1, firstSegment: 'c', lastSegment: 'b', fromTime: '2026-03-10T00:00:00Z', toTime: '2026-03-11T00:00:00Z' }],
    },
  ],
} as unknown as RetentionPlan;

describe('the retention timeline', () => {
  it('puts every backup on the axis now and only the kept ones after, oldest left', () => {
    const layout = layoutRetentionTimeline(plan);
    const [lane] = layout.lanes;
    expect(lane!.now.map((mark) => mark.backup.id)).toEqual(['b2', 'b1']);
    expect(lane!.after.map((mark) => mark.backup.id)).toEqual(['b2']);
    expect(lane!.now[1]!.x).toBeLessThan(lane!.now[0]!.x);
    expect(lane!.now.every((mark) => mark.x > 0 && mark.x < 1)).toBe(true);
  });

  it('draws the window before and after: it starts later after the plan and ends where it did', () => {
    const [window] = layoutRetentionTimeline(plan).windows;
    expect(window!.now[0]!.x1).toBeLessThan(window!.after[0]!.x1);
    expect(window!.now[0]!.x2).toBeCloseTo(window!.after[0]!.x2);
    expect(window!.after[0]!.x1).toBeCloseTo(layoutRetentionTimeline(plan).lanes[0]!.after[0]!.x);
  });

  it('spreads a history of a few seconds over a minute, and writes ticks as precisely as the span needs', () => {
    const single = { ...plan, backups: [plan.backups[0]!], wal: [], now: '2026-03-10T00:00:05Z' } as RetentionPlan;
    const layout = layoutRetentionTimeline(single);
    expect(layout.endMs - layout.startMs).toBeGreaterThanOrEqual(60_000);
    expect(layout.endMs - layout.startMs).toBeLessThan(120_000);
    expect(layout.tickUnit).toBe('second');
    expect(layout.ticks).toHaveLength(6);
    expect(layoutRetentionTimeline(plan).tickUnit).toBe('day');
    expect(layoutRetentionTimeline(plan).lanes[0]!.label).toBe('dumps of shop');
  });
});
