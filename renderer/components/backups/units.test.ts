import { describe, expect, it } from 'vitest';
import { formatAge, formatTimeUntil } from './units';

describe('backup units', () => {
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

  it.each([
    ['2026-02-13T12:00:20Z', 'in a moment'],
    ['2026-02-13T11:59:00Z', 'in a moment'],
    ['2026-02-13T12:05:00Z', 'in 5 min'],
    ['2026-02-14T02:30:00Z', 'in 15 h'],
    ['2026-02-19T12:00:00Z', 'in 6 days'],
  ])('writes the time until a coming run the same way: %s is %s', (at, expected) => {
    expect(formatTimeUntil(at, Date.parse('2026-02-13T12:00:00Z'))).toBe(expected);
  });
});
