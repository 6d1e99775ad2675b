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
