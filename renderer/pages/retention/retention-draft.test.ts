import { describe, expect, it } from 'vitest';
import { defaultRetentionDraft, policyOfDraft, retentionCommandFor } from './retention-draft';

describe('the retention rules form', () => {
  it("starts from seed 002's grandfather-father-son and gives its policy", () => {
    expect(policyOfDraft(defaultRetentionDraft('Europe/Berlin'))).toEqual({ ok: true, policy: { keepDaily: 7, keepWeekly: 4, keepMonthly: 12 } });
  });

  it('says which rule is wrong, and refuses a draft that keeps nothing', () => {
    const draft = { ...defaultRetentionDraft('UTC'), keepWithin: 'a week' };
    expect(policyOfDraft(draft)).toEqual({ ok: false, message: expect.stringMatching(/^keep-within: a duration is a whole number and a unit/) });
    const empty = { ...defaultRetentionDraft('UTC'), keepDaily: '' as const, keepWeekly: '' as const, keepMonthly: 0 };
    expect(policyOfDraft(empty)).toEqual({ ok: false, message: expect.stringContaining('keeps nothing') });
  });

  it('writes the same plan as a command line', () => {
    expect(retentionCommandFor('My prod', { keepLast: 10, keepWithin: '7d' }, 'Europe/Berlin')).toBe(
      "tidemark retention plan --profile 'My prod' --keep-last 10 --keep-within 7d --tz Europe/Berlin",
    );
  });
});
