import { describe, expect, it } from 'vitest';
import { scheduleInputSchema, scheduleSchema, type Schedule } from '../../../shared/contract/schedules';
import type { BasebackupCapabilities } from '../../../shared/domain/physical';
import { basebackupCapabilities, shopProfile } from '../../test-fixtures';
import { inputOf, newScheduleDraft, physicalDraftFor, scheduleDraftOf, type ScheduleDraft } from './schedule-draft';

const shop = shopProfile;

const capabilities = basebackupCapabilities();

const named = (change: Partial<ScheduleDraft> = {}): ScheduleDraft => ({ ...newScheduleDraft(shop, 'Europe/Berlin'), name: 'nightly shop', ...change });

function saved(draft: ScheduleDraft) {
  const reading = inputOf(draft, capabilities);
  if (!reading.ok) throw new Error(reading.problem);
  const input = scheduleInputSchema.parse(reading.input);
  return scheduleSchema.parse({ ...input, id: 's1', profileName: 'shop', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z' });
}

describe('the schedule draft', () => {
  it("starts as the seeds' nightly 02:00 logical backup of the profile's database, in the given zone", () => {
    const reading = inputOf(named(), null);
    expect(reading).toEqual({
      ok: true,
      input: expect.objectContaining({
        name: 'nightly shop',
        profileId: 'p1',
        backup: expect.objectContaining({ kind: 'logical', databases: ['shop'] }),
        timing: { cron: '0 2 * * *', timeZone: 'Europe/Berlin' },
        policy: { catchUp: 'once', overlap: 'skip', retries: { count: 2, delaySeconds: 300 } },
      }),
    });
  });

  it('says what is missing before it can be saved', () => {
    const problem = (draft: ScheduleDraft, caps: BasebackupCapabilities | null = capabilities) => {
      const reading = inputOf(draft, caps);
      return reading.ok ? null : reading.problem;
    };
    expect(problem(named({ name: '' }))).toMatch(/needs a name/);
    expect(problem(named({ name: '-x' }))).toMatch(/starting with a letter or digit/);
    expect(problem(named({ profileId: null }))).toMatch(/connection/);
    expect(problem(named({ logical: { ...named().logical, databases: [] } }))).toMatch(/at least one database/);
    expect(problem(named({ timing: { ...named().timing, at: '25:00' } }))).toMatch(/HH:MM/);
    expect(problem(named({ heartbeatUrl: 'hc-ping.com/abc' }))).toMatch(/heartbeat URL/);
    expect(problem(named({ kind: 'physical' }), null)).toMatch(/pg_basebackup/);
    expect(problem(named({ kind: 'physical' }), { ...capabilities, allowed: false })).toMatch(/cannot take a base backup/);
  });

  it('saves a physical schedule with the compression in pg_basebackup’s syntax, and reads it back for editing', () => {
    const draft = named({ kind: 'physical' });
    const physical = { ...physicalDraftFor(draft, capabilities), method: 'zstd' as const, location: 'server' as const, level: 3, limitRate: true };
    const schedule = saved({ ...draft, physical });
    expect(schedule.backup).toEqual({
      kind: 'physical',
      format: 'tar',
      compression: 'server-zstd:level=3',
      checkpoint: 'fast',
      verify: true,
      maxRateKbps: 102_400,
    });
    const edited = scheduleDraftOf(schedule);
    expect(physicalDraftFor(edited, capabilities)).toEqual(physical);
  });

  it('reads a saved schedule back into the same draft, keeping what the form does not edit', () => {
    const draft = named({
      timing: { ...named().timing, mode: 'weekly', day: 'sat', at: '04:15', cron: '15 4 * * 6' },
      catchUp: 'skip',
      overlap: 'queue-one',
      retryCount: 0,
      retryDelaySeconds: 60,
      startWithinMinutes: 90,
      overdueAfterHours: 200,
      heartbeatUrl: 'https://hc-ping.com/abc',
    });
    const schedule = { ...saved(draft), retention: { keepLast: 7 }, applyRetention: true };
    const edited = scheduleDraftOf(schedule);
    expect(edited).toMatchObject({ ...draft, retention: 'own', retentionRules: { keepLast: 7, keepDaily: null } });
    const again = inputOf(edited, capabilities);
    expect(again.ok && again.input).toMatchObject({ timing: { cron: '15 4 * * 6' }, retention: { keepLast: 7 }, applyRetention: true, overdueAfterHours: 200 });
  });

  it("saves retention after each run as the profile's policy, the schedule's own rules, or none", () => {
    const input = (patch: Partial<ScheduleDraft>) => {
      const reading = inputOf(named(patch), capabilities);
      return reading.ok ? { retention: reading.input.retention, applyRetention: reading.input.applyRetention } : reading.problem;
    };
    // A new schedule uses the profile's policy: no rules of its own are saved.
    expect(named().retention).toBe('profile');
    expect(input({})).toEqual({ retention: undefined, applyRetention: true });
    expect(input({ retention: 'none' })).toEqual({ retention: undefined, applyRetention: undefined });
    expect(input({ retention: 'own', retentionRules: { ...named().retentionRules, keepLast: 3 } })).toEqual({
      retention: { keepLast: 3, keepDaily: 7, keepWeekly: 4, keepMonthly: 12 },
      applyRetention: true,
    });
    const nothing = { keepLast: 0, keepWithin: '', keepHourly: null, keepDaily: null, keepWeekly: null, keepMonthly: null, keepYearly: null };
    expect(input({ retention: 'own', retentionRules: nothing })).toMatch(/^Retention after each run: A retention policy that keeps nothing is refused/);
    // Rules typed while "own" was chosen are not saved with another choice.
    expect(input({ retention: 'profile', retentionRules: nothing })).toEqual({ retention: undefined, applyRetention: true });
    // Read back: no rules of its own but retention on is the profile's policy; off is none.
    const withRetention = (fields: Pick<Schedule, 'retention' | 'applyRetention'>) => scheduleDraftOf({ ...saved(named()), ...fields }).retention;
    expect(withRetention({ applyRetention: true })).toBe('profile');
    expect(withRetention({ applyRetention: true, retention: { keepLast: 2 } })).toBe('own');
    expect(withRetention({ applyRetention: false, retention: { keepLast: 2 } })).toBe('none');
  });
});
