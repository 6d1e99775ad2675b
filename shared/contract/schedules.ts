import { z } from 'zod';
import { request } from './define';
import { identifierSchema, logicalDumpOptionsSchema } from '../domain/backup';
import { retentionPolicySchema } from '../domain/retention-policy';
import { catchUpPolicies, overlapPolicies, type DstWarning, type RunnerLease, type ScheduleRun, type UpcomingRun } from '../domain/schedule';
import { physicalBackupRequestSchema } from './physical';

export const scheduleNameSchema = z
  .string()
  .trim()
  .min(1, 'a schedule needs a name')
  .max(80)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, 'a schedule name is letters, digits, spaces, dots, dashes and underscores, starting with a letter or digit');

/** What a schedule backs up: the same choices as the logical and physical backup forms. */
export const scheduledBackupSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('logical'),
    databases: z.union([z.literal('all'), z.array(identifierSchema).min(1)]),
    options: logicalDumpOptionsSchema.default(() => logicalDumpOptionsSchema.parse({})),
    testRestoreAfter: z.boolean().default(false),
  }),
  physicalBackupRequestSchema
    .pick({ format: true, checkpoint: true, verify: true, maxRateKbps: true })
    .extend({ kind: z.literal('physical'), compression: z.string().trim().min(1).default('none') }),
]);
export type ScheduledBackup = z.output<typeof scheduledBackupSchema>;

/** When: a five-field cron expression read in an IANA time zone (presets are written as cron). */
export const scheduleTimingSchema = z.object({
  cron: z.string().trim().min(1).max(200),
  timeZone: z.string().trim().min(1).max(100),
});

export const schedulePolicySchema = z.object({
  /** Slots missed while no runner ran: `once` runs one for any number missed, `skip` runs none. */
  catchUp: z.enum(catchUpPolicies).default('once'),
  /** A slot that comes while the last run still runs: `skip` it, or `queue-one` to run right after. */
  overlap: z.enum(overlapPolicies).default('skip'),
  retries: z
    .object({
      count: z.number().int().min(0).max(10).default(2),
      /** The first retry's delay; each further one waits twice as long. */
      delaySeconds: z.number().int().min(1).max(86_400).default(300),
    })
    .default({ count: 2, delaySeconds: 300 }),
  /** "Do not start after": a slot (or its retry) not started within this many minutes of its time is missed (outside-window). */
  startWithinMinutes: z.number().int().min(1).max(10_080).optional(),
});

export const scheduleInputSchema = z.object({
  name: scheduleNameSchema,
  profileId: z.string().min(1),
  backup: scheduledBackupSchema,
  timing: scheduleTimingSchema,
  policy: schedulePolicySchema.default(() => schedulePolicySchema.parse({})),
  /** Rules applied after each successful run of this schedule, when `applyRetention` is set. */
  retention: retentionPolicySchema.optional(),
  applyRetention: z.boolean().default(false),
  /** healthchecks.io-style URL pinged on start, success (the URL) and failure (/fail). */
  heartbeatUrl: z.url().optional(),
  /** No successful run for this many hours raises `backup.overdue`; default: twice the usual gap between slots. */
  overdueAfterHours: z
    .number()
    .positive()
    .max(24 * 366)
    .optional(),
});
export type ScheduleInput = z.input<typeof scheduleInputSchema>;

/** A schedule as stored in `<repository>/schedules.json`. */
export const scheduleSchema = scheduleInputSchema.extend({
  id: z.string().min(1),
  /** The profile's name when the schedule was saved, to say which one is meant where the id is unknown. */
  profileName: z.string(),
  paused: z.boolean().default(false),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Schedule = z.output<typeof scheduleSchema>;

/** A schedule as the Schedules page and `tidemark schedule list` show it. */
export interface ScheduleView {
  schedule: Schedule;
  next: UpcomingRun | null;
  lastRun: ScheduleRun | null;
  lastSuccess: ScheduleRun | null;
  running: boolean;
  /** No successful run within `thresholdHours` (the schedule's overdueAfterHours, else twice the gap between its slots). */
  overdue: { overdue: boolean; thresholdHours: number; lastSuccessAt: string | null };
  /** Set when the schedule cannot run as it is (its profile is gone, or has no password saved). */
  problem?: string;
  dstWarnings: DstWarning[];
}

export interface SchedulesOverview {
  repositoryDir: string;
  /** The runner holding the repository's lease, or null when none does (nothing runs the schedules). */
  owner: (RunnerLease & { stale: boolean; isThisProcess: boolean }) | null;
  schedules: ScheduleView[];
}

const repositoryDir = z.string().trim().min(1).optional();
const scheduleRef = z.object({ name: scheduleNameSchema, repositoryDir });

export const scheduleRequests = {
  'schedules.list': request<SchedulesOverview>()(z.object({ repositoryDir, profileId: z.string().min(1).optional() })),
  'schedules.get': request<ScheduleView>()(scheduleRef),
  /** Creates a schedule, or replaces the one of that name (`replace` must then be true). */
  'schedules.save': request<ScheduleView>()(z.object({ schedule: scheduleInputSchema, repositoryDir, replace: z.boolean().default(false) })),
  'schedules.remove': request<{ name: string; removed: true }>()(scheduleRef),
  'schedules.pause': request<ScheduleView>()(scheduleRef),
  'schedules.resume': request<ScheduleView>()(scheduleRef),
  /** Runs the schedule now (by this process when it owns the runner, else by the owner at its next tick). */
  'schedules.runNow': request<{ name: string; runId: string | null; queuedForOwner: boolean }>()(scheduleRef),
  /** The next runs of a timing and its daylight-saving warnings, for the form's preview. */
  'schedules.preview': request<{ upcoming: UpcomingRun[]; dstWarnings: DstWarning[] }>()(
    scheduleTimingSchema.extend({ count: z.number().int().min(1).max(100).default(5) }),
  ),
  /** A schedule's runs and missed slots, newest first. */
  'schedules.history': request<{ name: string; runs: ScheduleRun[] }>()(scheduleRef.extend({ limit: z.number().int().min(1).max(1000).default(100) })),
};
