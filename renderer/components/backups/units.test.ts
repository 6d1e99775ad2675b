import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatDuration } from './units';

describe('backup units', () => {
  it('writes sizes 1024-based with one decimal below ten', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 kB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
  });

  it('writes durations in the largest units that keep them readable', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_400)).toBe('12 s');
    expect(formatDuration(245_000)).toBe('4 min 05 s');
    expect(formatDuration(2 * 3600_000 + 7 * 60_000)).toBe('2 h 07 min');
  });

  it('writes ages coarsely, never negative', () => {
    const now = Date.parse('2026-02-13T12:00:00Z');
    expect(formatAge('2026-02-13T12:00:30Z', now)).toBe('just now');
    expect(formatAge('2026-02-13T11:55:00Z', now)).toBe('5 min ago');
    expect(formatAge('2026-02-13T09:00:00Z', now)).toBe('3 h ago');
    expect(formatAge('2026-02-01T12:00:00Z', now)).toBe('12 days ago');
    expect(formatAge('2025-07-13T12:00:00Z', now)).toBe('7 months ago');
    expect(formatAge('2023-07-13T12:00:00Z', now)).toBe('3 years ago');
    expect(formatAge('2026-02-13T12:05:00Z', now)).toBe('just now');
  });
});
