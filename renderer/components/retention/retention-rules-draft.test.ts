import { describe, expect, it } from 'vitest';
import { gfsRulesDraft, policyOfRulesDraft, rulesDraftOf, sameRetentionPolicy } from './retention-rules-draft';

describe('the retention rules editor', () => {
  it("starts from seed 002's grandfather-father-son and gives its policy", () => {
    expect(policyOfRulesDraft(gfsRulesDraft())).toEqual({ ok: true, policy: { keepDaily: 7, keepWeekly: 4, keepMonthly: 12 } });
  });

  it('says which rule is wrong, and refuses rules that keep nothing', () => {
    expect(policyOfRulesDraft({ ...gfsRulesDraft(), keepWithin: 'a week' })).toEqual({
      ok: false,
      message: expect.stringMatching(/^keep-within: a duration is a whole number and a unit/),
    });
    const empty = { ...gfsRulesDraft(), keepDaily: null, keepWeekly: null, keepMonthly: 0 };
    expect(policyOfRulesDraft(empty)).toEqual({ ok: false, message: expect.stringContaining('keeps nothing') });
  });

  it('shows a saved policy as it was saved, and tells it from changed rules', () => {
    const saved = { keepLast: 7, keepWithin: '2w', keepYearly: 3 };
    expect(policyOfRulesDraft(rulesDraftOf(saved))).toEqual({ ok: true, policy: saved });
    expect(sameRetentionPolicy(saved, { keepYearly: 3, keepLast: 7, keepWithin: '2w' })).toBe(true);
    expect(sameRetentionPolicy(saved, { ...saved, keepLast: 8 })).toBe(false);
  });
});
