import { retentionPolicyProblem, retentionRuleNames } from '../../../shared/domain/retention';
import { retentionPolicySchema, type RetentionPolicy } from '../../../shared/domain/retention-policy';

type RuleEntry = (typeof retentionRuleNames)[number];
type CountRule = Exclude<RuleEntry, readonly ['keep-within', 'keepWithin']>;
type CountField = CountRule[1];

/** Retention rules as typed: a count may be empty (null: the rule is off), keep-within is free text until checked. */
export type RetentionRulesDraft = Record<CountField, number | null> & { keepWithin: string };

export const countRules = retentionRuleNames.filter((rule): rule is CountRule => rule[1] !== 'keepWithin');

/** Seed 002's grandfather-father-son: 7 daily, 4 weekly, 12 monthly. */
export function gfsRulesDraft(): RetentionRulesDraft {
  return { keepLast: null, keepWithin: '', keepHourly: null, keepDaily: 7, keepWeekly: 4, keepMonthly: 12, keepYearly: null };
}

/** The editor showing a saved policy. */
export function rulesDraftOf(policy: RetentionPolicy): RetentionRulesDraft {
  const draft: RetentionRulesDraft = {
    keepLast: null,
    keepWithin: policy.keepWithin ?? '',
    keepHourly: null,
    keepDaily: null,
    keepWeekly: null,
    keepMonthly: null,
    keepYearly: null,
  };
  for (const [, field] of countRules) draft[field] = policy[field] ?? null;
  return draft;
}

export type DraftPolicy = { ok: true; policy: RetentionPolicy } | { ok: false; message: string };

/** The policy a draft stands for, or what is wrong with it (the services say the same, and check again). */
export function policyOfRulesDraft(draft: RetentionRulesDraft): DraftPolicy {
  const raw: Record<string, unknown> = {};
  for (const [, field] of countRules) if (draft[field] !== null) raw[field] = draft[field];
  if (draft.keepWithin.trim() !== '') raw.keepWithin = draft.keepWithin.trim();
  const parsed = retentionPolicySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const rule = retentionRuleNames.find(([, field]) => field === issue?.path[0])?.[0] ?? 'a rule';
    return { ok: false, message: `${rule}: ${issue?.message ?? 'invalid'}` };
  }
  const problem = retentionPolicyProblem(parsed.data);
  return problem ? { ok: false, message: problem } : { ok: true, policy: parsed.data };
}

/** Whether two policies are the same rules (a saved one and the editor's, say). */
export function sameRetentionPolicy(a: RetentionPolicy, b: RetentionPolicy): boolean {
  return retentionRuleNames.every(([, field]) => a[field] === b[field]);
}
