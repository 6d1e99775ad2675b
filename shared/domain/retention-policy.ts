import { z } from 'zod';

const count = z.number().int().min(0).max(100_000);

/**
 * A duration as users write it in restic's and the seeds' runbooks: a whole number and a unit
 * (h hours, d days, w weeks, m months of 30 days, y years of 365 days), e.g. "7d", "12h", "2w".
 */
export const retentionDurationSchema = z
  .string()
  .trim()
  .regex(/^[1-9][0-9]{0,5}[hdwmy]$/, 'a duration is a whole number and a unit: h, d, w, m or y (for example 7d)');

/**
 * Which backups a retention run keeps. Every rule keeps; a backup no rule keeps is deleted, and
 * the floors (newest verified backup, the base backup the recoverable window needs, pinned
 * backups, a backup being restored) are kept whatever the rules say.
 */
export const retentionPolicySchema = z
  .object({
    keepLast: count.optional(),
    keepWithin: retentionDurationSchema.optional(),
    keepHourly: count.optional(),
    keepDaily: count.optional(),
    keepWeekly: count.optional(),
    keepMonthly: count.optional(),
    keepYearly: count.optional(),
  })
  .strict();
export type RetentionPolicy = z.infer<typeof retentionPolicySchema>;

/**
 * Where a plan's rules came from: given with the request (the CLI's --keep-… flags, the app's
 * unsaved rules, a schedule's own rules), or the profile's stored policy.
 */
export type RetentionPolicySource = 'request' | 'profile';

/** A profile's policy as stored in the repository (<repository>/retention-policies.json). */
export const storedRetentionPolicySchema = z.object({
  profileId: z.string().min(1),
  /** The profile's name when it was saved, to say which profile is meant where the id is unknown. */
  profileName: z.string(),
  policy: retentionPolicySchema,
  updatedAt: z.string(),
});
export type StoredRetentionPolicy = z.infer<typeof storedRetentionPolicySchema>;

export type ChosenRetentionPolicy = { policy: RetentionPolicy; source: RetentionPolicySource } | null;

/**
 * The one precedence every caller follows: rules given for this run (a schedule's own, the CLI's
 * flags) win; else the profile's stored policy; else there is no policy, and nothing is deleted.
 */
export function chooseRetentionPolicy(given: RetentionPolicy | undefined, stored: RetentionPolicy | null): ChosenRetentionPolicy {
  if (given) return { policy: given, source: 'request' };
  if (stored) return { policy: stored, source: 'profile' };
  return null;
}

const periodWords = [
  ['keepHourly', 'hourly'],
  ['keepDaily', 'daily'],
  ['keepWeekly', 'weekly'],
  ['keepMonthly', 'monthly'],
  ['keepYearly', 'yearly'],
] as const;

/** One line of what a policy keeps: "keeps the last 7, and 4 weekly, 12 monthly". */
export function describeRetentionPolicy(policy: RetentionPolicy): string {
  const parts: string[] = [];
  if (policy.keepLast) parts.push(`the last ${policy.keepLast}`);
  if (policy.keepWithin) parts.push(`all from the last ${policy.keepWithin}`);
  const periods = periodWords.filter(([field]) => (policy[field] ?? 0) > 0).map(([field, word]) => `${policy[field]} ${word}`);
  if (periods.length > 0) parts.push(periods.join(', '));
  if (parts.length === 0) return 'keeps nothing';
  if (parts.length === 1) return `keeps ${parts[0]}`;
  return `keeps ${parts.slice(0, -1).join(', ')}, and ${parts[parts.length - 1]}`;
}

/** A profile's stored policy as retention.policy answers it: null when none is stored (nothing is deleted by one). */
export interface ProfileRetentionPolicy {
  profileId: string;
  repositoryDir: string;
  stored: StoredRetentionPolicy | null;
}
