import { z } from 'zod';
import { request } from './define';
import { backupIdSchema } from '../domain/backup';
import {
  pinDateSchema,
  retentionTriggers,
  type BackupPin,
  type RetentionApplyResult,
  type RetentionHistoryEntry,
  type RetentionPlan,
} from '../domain/retention';
import { retentionPolicySchema, type ProfileRetentionPolicy } from '../domain/retention-policy';

/** The repository folder; absent: the profile's own, else the app's. */
const repositoryDir = z.string().trim().min(1).optional();

/** A profile's backups under a policy: the one given, else the profile's stored one (none stored: refused, nothing is deleted). */
export const retentionPlanRequestSchema = z.object({
  profileId: z.string().min(1),
  policy: retentionPolicySchema.optional(),
  /** The IANA zone whose days, weeks and months the calendar rules count; absent: the machine's. */
  timeZone: z.string().trim().min(1).max(64).optional(),
  repositoryDir,
});
export type RetentionPlanRequest = z.input<typeof retentionPlanRequestSchema>;

export const retentionApplyRequestSchema = retentionPlanRequestSchema.extend({
  /** Needed when the plan deletes more than half of the profile's backups. */
  confirm: z.boolean().default(false),
  /** The fingerprint of the plan that was looked at: when a fresh plan differs, nothing is deleted. */
  expectedFingerprint: z
    .string()
    .regex(/^[0-9a-f]{16}$/, 'a plan fingerprint is 16 hex digits')
    .optional(),
  /** Who asked, for the history (the scheduler says 'schedule' and names its schedule). */
  trigger: z.enum(retentionTriggers).default('app'),
  scheduleName: z.string().trim().min(1).max(200).optional(),
});
export type RetentionApplyRequest = z.input<typeof retentionApplyRequestSchema>;

export const retentionRequests = {
  /** The dry run: every backup of the profile with keep or delete and why, the WAL that goes with them, bytes freed. */
  'retention.plan': request<RetentionPlan>()(retentionPlanRequestSchema),
  /** Plans again and carries the plan out (backups through the history's own delete, then WAL), then records it. */
  'retention.apply': request<RetentionApplyResult>()(retentionApplyRequestSchema),
  /** What earlier runs did, newest first (<repository>/retention-history.jsonl). */
  'retention.history': request<RetentionHistoryEntry[]>()(
    z.object({ profileId: z.string().min(1).optional(), repositoryDir, limit: z.number().int().min(1).max(1000).default(50) }),
  ),
  /** The pins of a repository (the profile's, or the one named). */
  'retention.pins': request<BackupPin[]>()(z.object({ profileId: z.string().min(1).optional(), repositoryDir })),
  /** Keeps a backup whatever the rules say: forever, or through `until` (YYYY-MM-DD in the plan's zone). */
  'retention.pin': request<BackupPin>()(
    z.object({ backupId: backupIdSchema, until: pinDateSchema.nullable().default(null), note: z.string().trim().max(500).optional(), repositoryDir }),
  ),
  /** The profile's stored policy, or none: what plan and apply use when no rules are given, and schedules without their own rules. */
  'retention.policy': request<ProfileRetentionPolicy>()(z.object({ profileId: z.string().min(1), repositoryDir })),
  /** Stores the profile's policy in its repository (replacing the earlier one); one that keeps nothing is refused. */
  'retention.setPolicy': request<ProfileRetentionPolicy>()(z.object({ profileId: z.string().min(1), policy: retentionPolicySchema, repositoryDir })),
  /** Removes the profile's policy: runs without rules of their own then delete nothing. */
  'retention.clearPolicy': request<{ profileId: string; wasSet: boolean }>()(z.object({ profileId: z.string().min(1), repositoryDir })),
  'retention.unpin': request<{ backupId: string; wasPinned: boolean }>()(z.object({ backupId: backupIdSchema, repositoryDir })),
};
