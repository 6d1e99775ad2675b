import { z } from 'zod';
import type { BackupKind, BackupStatus } from './backup';
import { retentionPolicySchema, type RetentionPolicy, type RetentionPolicySource } from './retention-policy';

/**
 * Retention's plan: which backups a policy keeps and why, which it deletes, and which archived WAL
 * goes with them. The plan is what the dry run shows and exactly what apply carries out.
 */

// ---------------------------------------------------------------------------------------------
// The rules as people write them: `keep-last=10,keep-daily=7,keep-within=7d` (the schedule CLI's
// --retention), the same names as `tidemark retention plan`'s flags.
// ---------------------------------------------------------------------------------------------

/** Each rule's name on the command line and its field in RetentionPolicy, in the order they are shown. */
export const retentionRuleNames = [
  ['keep-last', 'keepLast'],
  ['keep-within', 'keepWithin'],
  ['keep-hourly', 'keepHourly'],
  ['keep-daily', 'keepDaily'],
  ['keep-weekly', 'keepWeekly'],
  ['keep-monthly', 'keepMonthly'],
  ['keep-yearly', 'keepYearly'],
] as const satisfies readonly (readonly [string, keyof RetentionPolicy])[];

export type RetentionRuleName = (typeof retentionRuleNames)[number][0];

export type ParsedRetentionRules = { ok: true; policy: RetentionPolicy } | { ok: false; message: string };

/**
 * Reads `keep-last=10,keep-daily=7,keep-within=7d`. Every error names the rule it is about; a
 * policy that keeps nothing is refused (retention with a mistake in it is how data is lost).
 */
export function parseRetentionRules(text: string): ParsedRetentionRules {
  const policy: Record<string, number | string> = {};
  const items = text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  if (items.length === 0) return { ok: false, message: `"${text}" holds no rule: write for example keep-last=10,keep-daily=7,keep-within=7d.` };
  for (const item of items) {
    const equals = item.indexOf('=');
    const name = (equals < 0 ? item : item.slice(0, equals)).trim();
    const value = equals < 0 ? '' : item.slice(equals + 1).trim();
    const rule = retentionRuleNames.find(([ruleName]) => ruleName === name);
    if (!rule) return { ok: false, message: `"${item}": "${name}" is not a retention rule (use ${retentionRuleNames.map(([n]) => n).join(', ')}).` };
    const [, field] = rule;
    if (field in policy) return { ok: false, message: `"${item}": ${name} is given twice.` };
    if (value === '') return { ok: false, message: `"${item}": ${name} needs a value (${name}=${field === 'keepWithin' ? '7d' : '10'}).` };
    if (field === 'keepWithin') {
      const parsed = retentionPolicySchema.shape.keepWithin.safeParse(value);
      if (!parsed.success) return { ok: false, message: `"${item}": ${parsed.error.issues[0]?.message ?? 'not a duration'}.` };
      policy[field] = parsed.data!;
      continue;
    }
    if (!/^\d+$/.test(value)) return { ok: false, message: `"${item}": ${name} takes a whole number of backups, not "${value}".` };
    const parsed = retentionPolicySchema.shape[field].safeParse(Number(value));
    if (!parsed.success) return { ok: false, message: `"${item}": ${name} ${parsed.error.issues[0]?.message ?? 'is out of range'}.` };
    policy[field] = parsed.data!;
  }
  const checked = retentionPolicySchema.parse(policy);
  const problem = retentionPolicyProblem(checked);
  return problem ? { ok: false, message: problem } : { ok: true, policy: checked };
}

/** `keep-last=10,keep-within=7d`: the text parseRetentionRules reads back. */
export function formatRetentionRules(policy: RetentionPolicy): string {
  return retentionRuleNames
    .filter(([, field]) => policy[field] !== undefined)
    .map(([name, field]) => `${name}=${policy[field]}`)
    .join(',');
}

/** Why a policy is refused, or null: one that keeps nothing (every count 0 or absent, no keep-within). */
export function retentionPolicyProblem(policy: RetentionPolicy): string | null {
  const keepsSomething = retentionRuleNames.some(([, field]) => {
    const value = policy[field];
    return typeof value === 'string' || (typeof value === 'number' && value > 0);
  });
  if (keepsSomething) return null;
  return `A retention policy that keeps nothing is refused: give at least one of ${retentionRuleNames.map(([n]) => n).join(', ')} with a value above 0.`;
}

/** "7d" → milliseconds (h hours, d days, w weeks, m 30 days, y 365 days, as retentionDurationSchema says). */
export function retentionDurationMs(duration: string): number {
  const match = /^(\d+)([hdwmy])$/.exec(duration.trim());
  if (!match) throw new RangeError(`Not a retention duration: ${duration}`);
  const hourMs = 3_600_000;
  const unitMs = { h: hourMs, d: 24 * hourMs, w: 7 * 24 * hourMs, m: 30 * 24 * hourMs, y: 365 * 24 * hourMs }[match[2] as 'h' | 'd' | 'w' | 'm' | 'y'];
  return Number(match[1]) * unitMs;
}

// ---------------------------------------------------------------------------------------------
// Pins: a backup kept whatever the rules say, forever or through a date.
// ---------------------------------------------------------------------------------------------

/** A calendar date, YYYY-MM-DD: a pin holds through the end of that day in the plan's time zone. */
export const pinDateSchema = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date is YYYY-MM-DD')
  .refine((text) => {
    const [year, month, day] = text.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  }, 'not a date in the calendar');

export const backupPinSchema = z.object({
  backupId: z.string(),
  /** null: forever. */
  until: pinDateSchema.nullable(),
  pinnedAt: z.string(),
  note: z.string().max(500).nullable().default(null),
});
export type BackupPin = z.infer<typeof backupPinSchema>;

// ---------------------------------------------------------------------------------------------
// The plan
// ---------------------------------------------------------------------------------------------

export type RetentionAction = 'keep' | 'delete';

/**
 * Backups are ranked within a series, as a DBA reads a history: every database's dumps on their
 * own (keep-last 10 keeps ten dumps of each database, not ten dumps in all), and each cluster's base
 * backups on their own.
 */
export interface RetentionSeries {
  key: string;
  kind: BackupKind;
  /** "logical backups of shop", "base backups of cluster 7310…". */
  label: string;
  kept: number;
  deleted: number;
}

export interface PlannedBackup {
  id: string;
  kind: BackupKind;
  status: BackupStatus;
  seriesKey: string;
  startedAt: string;
  totalBytes: number;
  /** The database of a logical backup. */
  database: string | null;
  /** The cluster of a base backup. */
  systemIdentifier: string | null;
  action: RetentionAction;
  /** Every reason a kept backup is kept ("kept: monthly 2026-11", "kept: pinned"); the one reason a deleted one goes. */
  reasons: string[];
  /** reasons joined with "; ", for tables and scripts. */
  reason: string;
  /** Its pin, if any (until null: forever); an expired pin no longer keeps it. */
  pin: { until: string | null; active: boolean } | null;
  /** Its last verification passed (pg_verifybackup at backup time counts for a base backup). */
  verified: boolean;
  /** Its last verification failed. */
  damaged: boolean;
  /** A base backup's consistency point, for the timeline. */
  stopTime: string | null;
}

/** A stretch of WAL point-in-time recovery can reach, at segment granularity. */
export interface WalReachRange {
  timeline: number;
  firstSegment: string;
  lastSegment: string;
  /** The earliest point: the end of the base backup that reaches it (null when unknown). */
  fromTime: string | null;
  /** When its last segment was archived. */
  toTime: string | null;
}

export interface WalTimelinePrune {
  timeline: number;
  /** The first segment kept on this timeline; null: nothing of it is pruned. */
  keepFrom: string | null;
  prunedCount: number;
  prunedBytes: number;
  keptCount: number;
  /** Why this cutoff ("start of 20261121T…", "no kept backup reaches this timeline"). */
  why: string;
}

/** WAL that goes with the plan, for one cluster's archive. */
export interface WalPrunePlan {
  systemIdentifier: string;
  archiveDir: string;
  /** Segments (and .partial files) pruned; history and .backup files are always kept. */
  segmentsPruned: number;
  bytesPruned: number;
  firstPruned: string | null;
  lastPruned: string | null;
  /** A few of the files, oldest first. */
  sample: string[];
  timelines: WalTimelinePrune[];
  /** History and .backup files, always kept. */
  historyAndBackupFilesKept: number;
  windowBefore: WalReachRange[];
  windowAfter: WalReachRange[];
  notes: string[];
}

export interface RetentionPlan {
  profile: { id: string; name: string };
  repositoryDir: string;
  policy: RetentionPolicy;
  /** Whether `policy` was given with the request or is the profile's stored one. */
  policySource: RetentionPolicySource;
  /** The IANA zone the calendar rules (daily, weekly, …) and pin dates were read in. */
  timeZone: string;
  /** The instant the plan was made for (keep-within and pins count from it). */
  now: string;
  /** The plan's identity: apply with `expectedFingerprint` refuses if a fresh plan differs. */
  fingerprint: string;
  /** Newest first. */
  backups: PlannedBackup[];
  series: RetentionSeries[];
  /** Manifests that cannot be read: never deleted, and WAL is not pruned while they exist. */
  unreadable: { id: string; problem: string }[];
  kept: number;
  deleted: number;
  /** Backups with data (complete) kept and deleted: the confirmation counts these. */
  completeKept: number;
  completeDeleted: number;
  bytesFreed: number;
  wal: WalPrunePlan[];
  walSegmentsPruned: number;
  walBytesPruned: number;
  /** Deleting more than half of the backups needs an explicit confirmation. */
  needsConfirmation: boolean;
  notes: string[];
}

export interface RetentionApplyResult {
  plan: RetentionPlan;
  kept: number;
  deleted: number;
  /** Backups and WAL together. */
  bytesFreed: number;
  walSegmentsPruned: number;
  /** Backups the plan deleted that were left: a restore started on one, or it was already gone. */
  skipped: { id: string; why: string }[];
  failures: { id: string; message: string }[];
  historyFile: string;
}

/** One line of <repository>/retention-history.jsonl. */
export interface RetentionHistoryEntry {
  at: string;
  profile: { id: string; name: string };
  policy: RetentionPolicy;
  /** Absent in runs recorded before profiles had a stored policy (their rules were always given). */
  policySource?: RetentionPolicySource;
  timeZone: string;
  trigger: RetentionTrigger;
  scheduleName: string | null;
  host: string;
  kept: number;
  deleted: { id: string; kind: BackupKind; startedAt: string; totalBytes: number; reason: string }[];
  skipped: { id: string; why: string }[];
  failures: { id: string; message: string }[];
  wal: { systemIdentifier: string; segmentsPruned: number; bytesPruned: number; firstPruned: string | null; lastPruned: string | null }[];
  bytesFreed: number;
}

export const retentionTriggers = ['app', 'cli', 'schedule'] as const;
export type RetentionTrigger = (typeof retentionTriggers)[number];
