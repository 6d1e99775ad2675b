import { describe, expect, it } from 'vitest';
import { chooseRetentionPolicy, describeRetentionPolicy } from './retention-policy';

describe('which retention policy a run uses', () => {
  const own = { keepLast: 3 };
  const profiles = { keepDaily: 7, keepWeekly: 4 };

  it("takes the rules given for the run (a schedule's own, the CLI's flags) over the profile's", () => {
    expect(chooseRetentionPolicy(own, profiles)).toEqual({ policy: own, source: 'request' });
    expect(chooseRetentionPolicy(own, null)).toEqual({ policy: own, source: 'request' });
  });

  it("falls back to the profile's stored policy, and else to none (nothing is deleted)", () => {
    expect(chooseRetentionPolicy(undefined, profiles)).toEqual({ policy: profiles, source: 'profile' });
    expect(chooseRetentionPolicy(undefined, null)).toBeNull();
  });
});

describe('the one-line summary of a policy', () => {
  it('says what each rule keeps, in the order the rules are shown', () => {
    expect(describeRetentionPolicy({ keepLast: 7, keepWeekly: 4, keepMonthly: 12 })).toBe('keeps the last 7, and 4 weekly, 12 monthly');
    expect(describeRetentionPolicy({ keepDaily: 7 })).toBe('keeps 7 daily');
    expect(describeRetentionPolicy({ keepLast: 2, keepWithin: '7d', keepYearly: 3 })).toBe('keeps the last 2, all from the last 7d, and 3 yearly');
  });

  it('says so when nothing would be kept (a count of 0 keeps nothing)', () => {
    expect(describeRetentionPolicy({})).toBe('keeps nothing');
    expect(describeRetentionPolicy({ keepLast: 0, keepDaily: 0 })).toBe('keeps nothing');
  });
});
