import { describe, expect, it } from 'vitest';
import { formatDurationMs, formatDurationMsWithTenths, formatDurationSeconds } from './duration';

describe('durations', () => {
  it('writes durations in the largest units that keep them readable', () => {
    expect(formatDurationMs(850)).toBe('850 ms');
    expect(formatDurationMs(12_400)).toBe('12 s');
    expect(formatDurationMs(245_000)).toBe('4 min 05 s');
    expect(formatDurationMs(2 * 3600_000 + 7 * 60_000)).toBe('2 h 07 min');
  });

  it('writes seconds up to days for the WAL and recovery pages', () => {
    expect(formatDurationSeconds(42)).toBe('42 s');
    expect(formatDurationSeconds(754)).toBe('12 min 34 s');
    expect(formatDurationSeconds(7300)).toBe('2 h 1 min');
    expect(formatDurationSeconds(200_000)).toBe('2 days 7 h');
  });

  it('keeps tenths of a second on the CLI', () => {
    expect(formatDurationMsWithTenths(null)).toBe('-');
    expect(formatDurationMsWithTenths(850)).toBe('850 ms');
    expect(formatDurationMsWithTenths(12_400)).toBe('12.4 s');
    expect(formatDurationMsWithTenths(245_000)).toBe('4 min 5 s');
  });
});
