import { describe, expect, it } from 'vitest';
import { formatRetentionRules, parseRetentionRules, retentionDurationMs } from './retention';

describe('the --retention rules text', () => {
  it('reads the same names as the flags, in any order, with spaces', () => {
    expect(parseRetentionRules('keep-last=10,keep-daily=7,keep-within=7d')).toEqual({ ok: true, policy: { keepLast: 10, keepDaily: 7, keepWithin: '7d' } });
    expect(parseRetentionRules(' keep-weekly = 4 , keep-monthly=12,keep-yearly=3,keep-hourly=24 ')).toEqual({
      ok: true,
      policy: { keepWeekly: 4, keepMonthly: 12, keepYearly: 3, keepHourly: 24 },
    });
    const policy = { keepLast: 10, keepWithin: '2w', keepDaily: 7 };
    expect(parseRetentionRules(formatRetentionRules(policy))).toEqual({ ok: true, policy });
    expect(formatRetentionRules(policy)).toBe('keep-last=10,keep-within=2w,keep-daily=7');
  });

  it('names the bad rule in every error', () => {
    const message = (text: string) => {
      const parsed = parseRetentionRules(text);
      return parsed.ok ? 'accepted' : parsed.message;
    };
    expect(message('keep-last=10,keep-dayly=7')).toBe(
      '"keep-dayly=7": "keep-dayly" is not a retention rule (use keep-last, keep-within, keep-hourly, keep-daily, keep-weekly, keep-monthly, keep-yearly).',
    );
    expect(message('keep-last=ten')).toBe('"keep-last=ten": keep-last takes a whole number of backups, not "ten".');
    expect(message('keep-last=-1')).toBe('"keep-last=-1": keep-last takes a whole number of backups, not "-1".');
    expect(message('keep-within=7 days')).toContain('"keep-within=7 days": a duration is a whole number and a unit');
    expect(message('keep-daily')).toBe('"keep-daily": keep-daily needs a value (keep-daily=10).');
    expect(message('keep-last=1,keep-last=2')).toBe('"keep-last=2": keep-last is given twice.');
    expect(message('keep-last=1000000')).toContain('"keep-last=1000000": keep-last');
    expect(message('')).toContain('holds no rule');
  });

  it('refuses rules that keep nothing', () => {
    expect(parseRetentionRules('keep-last=0,keep-daily=0')).toEqual({
      ok: false,
      message: expect.stringContaining('A retention policy that keeps nothing is refused'),
    });
  });

  it('reads durations in the units the policy names', () => {
    expect(retentionDurationMs('12h')).toBe(12 * 3_600_000);
    expect(retentionDurationMs('7d')).toBe(7 * 86_400_000);
    expect(retentionDurationMs('2w')).toBe(14 * 86_400_000);
    expect(retentionDurationMs('1m')).toBe(30 * 86_400_000);
    expect(retentionDurationMs('1y')).toBe(365 * 86_400_000);
  });
});
