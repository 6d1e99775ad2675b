import { describe, expect, it } from 'vitest';
import { healthSeriesKeys, type HealthPoint } from '../../../shared/domain/health';
import { appendPoint, liveWindowMs } from './use-health-watch';

function pointAt(at: string, gap: HealthPoint['gap'] = null): HealthPoint {
  return { at, gap, values: Object.fromEntries(healthSeriesKeys.map((key) => [key, 1])) as HealthPoint['values'] };
}

describe('appendPoint', () => {
  it('keeps the last 15 minutes before the newest point, by the server times of the points', () => {
    const start = Date.parse('2026-12-03T10:00:00Z');
    let points: HealthPoint[] = [];
    for (let second = 0; second <= 20 * 60; second += 2) points = appendPoint(points, pointAt(new Date(start + second * 1000).toISOString()));
    const oldest = Date.parse(points[0]!.at);
    const newest = Date.parse(points.at(-1)!.at);
    expect(newest - oldest).toBe(liveWindowMs);
    expect(points).toHaveLength(liveWindowMs / 2000 + 1);
  });

  it('drops a point repeated or older than the new one (an event that raced the history read) and keeps gaps as they came', () => {
    const points = [pointAt('2026-12-03T10:00:00Z'), pointAt('2026-12-03T10:00:02Z'), pointAt('2026-12-03T10:00:04+00:00')];
    const next = appendPoint(points, pointAt('2026-12-03T12:00:03+02:00', 'stats-reset'));
    expect(next.map((point) => point.at)).toEqual(['2026-12-03T10:00:00Z', '2026-12-03T10:00:02Z', '2026-12-03T12:00:03+02:00']);
    expect(next.at(-1)!.gap).toBe('stats-reset');
  });
});
