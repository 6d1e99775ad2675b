import { retentionPolicyProblem, retentionRuleNames } from '../../../shared/domain/retention';
import { retentionPolicySchema, type RetentionPolicy } from '../../../shared/domain/retention-policy';
import { shellCommandLine } from '../../components/psql-command';

type RuleEntry = (typeof retentionRuleNames)[number];
type CountRule = Exclude<RuleEntry, readonly ['keep-within', 'keepWithin']>;
type CountField = CountRule[1];

/** The rules form as typed: counts may be empty (the rule is off), keep-within is free text until checked. */
export type RetentionDraft = Record<CountField, number | ''> & { keepWithin: string; timeZone: string };

export const countRules = retentionRuleNames.filter((rule): rule is CountRule => rule[1] !== 'keepWithin');

/** Seed 002's grandfather-father-son: 7 daily, 4 weekly, 12 monthly, read in the viewer's zone. */
export function defaultRetentionDraft(timeZone: string): RetentionDraft {
  return { keepLast: '', keepWithin: '', keepHourly: '', keepDaily: 7, keepWeekly: 4, keepMonthly: 12, keepYearly: '', timeZone };
}

export type DraftPolicy = { ok: true; policy: RetentionPolicy } | { ok: false; message: string };

/** The policy a draft stands for, or what is wrong with it (the services say the same, and check again). */
export function policyOfDraft(draft: RetentionDraft): DraftPolicy {
  const raw: Record<string, unknown> = {};
  for (const [, field] of countRules) if (draft[field] !== '') raw[field] = draft[field];
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

/** The same plan from the command line, to copy. */
export function retentionCommandFor(profileName: string, policy: RetentionPolicy, timeZone: string): string {
  const argv = ['tidemark', 'retention', 'plan', '--profile', profileName];
  for (const [name, field] of retentionRuleNames) if (policy[field] !== undefined) argv.push(`--${name}`, String(policy[field]));
  argv.push('--tz', timeZone);
  return shellCommandLine(argv);
}
