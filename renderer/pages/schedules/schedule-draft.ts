import { z } from 'zod';
import { scheduleNameSchema, schedulePolicySchema, type Schedule, type ScheduleInput } from '../../../shared/contract/schedules';
import type { BasebackupCapabilities } from '../../../shared/domain/physical';
import type { ProfileView } from '../../../shared/domain/profile';
import type { CatchUpPolicy, OverlapPolicy } from '../../../shared/domain/schedule';
import { draftOf, draftProblem as logicalProblem, initialDraft, requestOf as logicalRequestOf, type BackupDraft } from '../backup-new/backup-draft';
import {
  defaultDraft,
  draftProblem as physicalProblem,
  physicalDraftOf,
  requestOf as physicalRequestOf,
  type PhysicalBackupDraft,
} from '../physical-backup/physical-backup-form';
import { gfsRulesDraft, policyOfRulesDraft, rulesDraftOf, type RetentionRulesDraft } from '../../components/retention/retention-rules-draft';
import { cronOf, initialTiming, timingDraftOf, type TimingDraft } from './schedule-timing';

type SavedPhysical = Extract<Schedule['backup'], { kind: 'physical' }>;

/** The schedule form as the user fills it in; `inputOf` turns it into schedules.save's input. */
export interface ScheduleDraft {
  name: string;
  profileId: string | null;
  kind: 'logical' | 'physical';
  /** The backup form's draft; its own profileId is not read (the schedule's is). */
  logical: BackupDraft;
  /** Set once changed: until then the physical choices are the saved ones, or this server's defaults (they need its capabilities). */
  physical: PhysicalBackupDraft | null;
  savedPhysical: SavedPhysical | null;
  timing: TimingDraft;
  catchUp: CatchUpPolicy;
  overlap: OverlapPolicy;
  retryCount: number;
  retryDelaySeconds: number;
  /** "Do not start more than N minutes late"; null: no limit. */
  startWithinMinutes: number | null;
  /** null: twice the usual gap between slots. */
  overdueAfterHours: number | null;
  heartbeatUrl: string;
  /** After each successful run: the profile's stored policy, the schedule's own rules, or no retention. */
  retention: RetentionChoice;
  /** The schedule's own rules, kept while another choice is shown. */
  retentionRules: RetentionRulesDraft;
}

export const retentionChoices = ['profile', 'own', 'none'] as const;
export type RetentionChoice = (typeof retentionChoices)[number];

/** How a saved schedule's retention reads: rules of its own win over the profile's policy (chooseRetentionPolicy). */
function retentionChoiceOf(schedule: Pick<Schedule, 'retention' | 'applyRetention'>): RetentionChoice {
  if (!schedule.applyRetention) return 'none';
  return schedule.retention ? 'own' : 'profile';
}

const defaultPolicy = schedulePolicySchema.parse({});

export function newScheduleDraft(profile: ProfileView | null, timeZone: string): ScheduleDraft {
  return {
    name: '',
    profileId: profile?.id ?? null,
    kind: 'logical',
    logical: initialDraft(profile),
    physical: null,
    savedPhysical: null,
    timing: initialTiming(timeZone),
    catchUp: defaultPolicy.catchUp,
    overlap: defaultPolicy.overlap,
    retryCount: defaultPolicy.retries.count,
    retryDelaySeconds: defaultPolicy.retries.delaySeconds,
    startWithinMinutes: null,
    overdueAfterHours: null,
    heartbeatUrl: '',
    retention: 'profile',
    retentionRules: gfsRulesDraft(),
  };
}

/** The form for a saved schedule. */
export function scheduleDraftOf(schedule: Schedule): ScheduleDraft {
  const { backup, policy } = schedule;
  return {
    name: schedule.name,
    profileId: schedule.profileId,
    kind: backup.kind,
    logical: backup.kind === 'logical' ? draftOf({ profileId: schedule.profileId, ...backup }) : initialDraft(null),
    physical: null,
    savedPhysical: backup.kind === 'physical' ? backup : null,
    timing: timingDraftOf(schedule.timing),
    catchUp: policy.catchUp,
    overlap: policy.overlap,
    retryCount: policy.retries.count,
    retryDelaySeconds: policy.retries.delaySeconds,
    startWithinMinutes: policy.startWithinMinutes ?? null,
    overdueAfterHours: schedule.overdueAfterHours ?? null,
    heartbeatUrl: schedule.heartbeatUrl ?? '',
    retention: retentionChoiceOf(schedule),
    retentionRules: schedule.retention ? rulesDraftOf(schedule.retention) : gfsRulesDraft(),
  };
}

/** The physical choices shown: as changed, else as saved, else this server's defaults. */
export function physicalDraftFor(draft: ScheduleDraft, capabilities: BasebackupCapabilities): PhysicalBackupDraft {
  return draft.physical ?? (draft.savedPhysical ? physicalDraftOf(draft.savedPhysical, capabilities) : defaultDraft(capabilities));
}

const timingProblems: Record<TimingDraft['mode'], string> = {
  hourly: 'Give the minute of the hour, 0 to 59.',
  nightly: 'Give the time of day as HH:MM (24 h), e.g. 02:30.',
  weekly: 'Give the time of day as HH:MM (24 h), e.g. 02:30.',
  cron: 'Give a cron expression: five fields, minute hour day-of-month month day-of-week.',
};

export type DraftReading = { ok: true; input: ScheduleInput } | { ok: false; problem: string };

/**
 * schedules.save's input, or why the draft cannot be saved yet. A physical schedule needs the
 * server's capabilities (what its pg_basebackup can compress); the server checks the timing again.
 */
export function inputOf(draft: ScheduleDraft, capabilities: BasebackupCapabilities | null): DraftReading {
  const name = scheduleNameSchema.safeParse(draft.name);
  if (!name.success) return { ok: false, problem: `The name: ${name.error.issues[0]?.message ?? 'not valid'}.` };
  if (!draft.profileId) return { ok: false, problem: 'Choose the connection to back up.' };
  let backup: ScheduleInput['backup'];
  if (draft.kind === 'logical') {
    const logical = { ...draft.logical, profileId: draft.profileId };
    const problem = logicalProblem(logical);
    const request = logicalRequestOf(logical);
    if (problem || !request) return { ok: false, problem: problem ?? 'Choose what to back up.' };
    backup = { kind: 'logical', databases: request.databases, options: request.options, testRestoreAfter: request.testRestoreAfter };
  } else {
    if (!capabilities) return { ok: false, problem: "Waiting for the server's pg_basebackup to say what it can do." };
    if (!capabilities.allowed) return { ok: false, problem: 'This role cannot take a base backup (see above).' };
    const physical = physicalDraftFor(draft, capabilities);
    const problem = physicalProblem(physical, capabilities);
    if (problem) return { ok: false, problem };
    const { format, compression, checkpoint, verify, maxRateKbps } = physicalRequestOf(physical, draft.profileId);
    backup = { kind: 'physical', format, compression, checkpoint, verify, ...(maxRateKbps !== undefined ? { maxRateKbps } : {}) };
  }
  const cron = cronOf(draft.timing);
  if (!cron) return { ok: false, problem: timingProblems[draft.timing.mode] };
  const retention = retentionOf(draft);
  if (!retention.ok) return { ok: false, problem: `Retention after each run: ${retention.message}` };
  const heartbeatUrl = draft.heartbeatUrl.trim();
  if (heartbeatUrl && !z.url({ protocol: /^https?$/ }).safeParse(heartbeatUrl).success) {
    return { ok: false, problem: 'The heartbeat URL must be an http:// or https:// address, e.g. https://hc-ping.com/<uuid>.' };
  }
  return {
    ok: true,
    input: {
      name: name.data,
      profileId: draft.profileId,
      backup,
      timing: { cron, timeZone: draft.timing.timeZone },
      policy: {
        catchUp: draft.catchUp,
        overlap: draft.overlap,
        retries: { count: draft.retryCount, delaySeconds: draft.retryDelaySeconds },
        ...(draft.startWithinMinutes !== null ? { startWithinMinutes: draft.startWithinMinutes } : {}),
      },
      ...(heartbeatUrl ? { heartbeatUrl } : {}),
      ...(draft.overdueAfterHours !== null ? { overdueAfterHours: draft.overdueAfterHours } : {}),
      ...retention.input,
    },
  };
}

type RetentionReading = { ok: true; input: Pick<ScheduleInput, 'retention' | 'applyRetention'> } | { ok: false; message: string };

function retentionOf(draft: ScheduleDraft): RetentionReading {
  if (draft.retention === 'none') return { ok: true, input: {} };
  if (draft.retention === 'profile') return { ok: true, input: { applyRetention: true } };
  const rules = policyOfRulesDraft(draft.retentionRules);
  return rules.ok ? { ok: true, input: { retention: rules.policy, applyRetention: true } } : rules;
}
