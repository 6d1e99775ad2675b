import { describe, expect, it } from 'vitest';
import { formatTargetTimeSetting, isInstantWithOffset, parseTargetTime } from './pitr-time';
import { recoveryRequestSchema } from './pitr';

describe('recovery target times', () => {
  it('reads explicit offsets and Z into UTC, keeping microseconds', () => {
    expect(parseTargetTime('2026-11-21 14:31:00+02')).toMatchObject({ ok: true, utc: '2026-11-21T12:31:00Z' });
    expect(parseTargetTime('2026-11-21T14:31:00.123456-05:30')).toMatchObject({ ok: true, utc: '2026-11-21T20:01:00.123456Z' });
    expect(parseTargetTime('2026-11-21 14:31Z')).toMatchObject({ ok: true, utc: '2026-11-21T14:31:00Z' });
    expect(parseTargetTime('2026-11-21 14:31:05 UTC')).toMatchObject({ ok: true, utc: '2026-11-21T14:31:05Z' });
  });

  it("reads an IANA zone, in the text or given separately, with that day's offset", () => {
    expect(parseTargetTime('2026-11-21 14:31 Europe/Paris')).toMatchObject({ ok: true, utc: '2026-11-21T13:31:00Z' });
    expect(parseTargetTime('2026-07-01 14:31', 'Europe/Paris')).toMatchObject({ ok: true, utc: '2026-07-01T12:31:00Z' });
    expect(parseTargetTime('2026-07-01 14:31', '+09:00')).toMatchObject({ ok: true, utc: '2026-07-01T05:31:00Z' });
  });

  it('refuses a time without a zone rather than guessing one', () => {
    const parsed = parseTargetTime('2026-11-21 14:31:00');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toMatch(/no UTC offset or time zone/);
    expect(isInstantWithOffset('2026-11-21 14:31:00')).toBe(false);
    expect(recoveryRequestSchema.safeParse({ target: { kind: 'time', at: '2026-11-21 14:31:00' }, destination: { kind: 'new-directory' } }).success).toBe(
      false,
    );
  });

  it('refuses wall times that happen twice or never in the zone (DST changes)', () => {
    const twice = parseTargetTime('2026-10-25 02:30', 'Europe/Paris');
    expect(!twice.ok && twice.message).toMatch(/happens twice.*\+02:00 or .*\+01:00/);
    const never = parseTargetTime('2026-03-29 02:30', 'Europe/Paris');
    expect(!never.ok && never.message).toMatch(/does not exist/);
  });

  it('refuses impossible dates and unknown zones', () => {
    expect(parseTargetTime('2026-02-30 10:00Z').ok).toBe(false);
    expect(parseTargetTime('2026-11-21 10:00 Mars/Olympus').ok).toBe(false);
  });

  it("writes the setting with an explicit +00, whatever the machine's zone", () => {
    const parsed = parseTargetTime('2026-11-21 15:31:00.5 Europe/Paris');
    expect(parsed.ok && formatTargetTimeSetting(parsed.utc)).toBe('2026-11-21 14:31:00.5+00');
    const request = recoveryRequestSchema.parse({ target: { kind: 'time', at: '2026-11-21T15:31:00+01:00' }, destination: { kind: 'new-directory' } });
    expect(request.target).toEqual({ kind: 'time', at: '2026-11-21T14:31:00Z' });
  });
});
