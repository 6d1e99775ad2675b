import type { CatchUpPolicy, OverlapPolicy, RunTrigger } from '../../shared/domain/schedule';
import type { MissedSlotReason } from '../../shared/domain/notification-event';
import type { CronTiming } from './cron-timing';

/** A run of consecutive missed slots with one reason. */
export interface MissedSlots {
  first: Date;
  last: Date;
  count: number;
  reason: MissedSlotReason;
}

export interface SlotPlanInput {
  timing: CronTiming;
  catchUp: CatchUpPolicy;
  overlap: OverlapPolicy;
  startWithinMinutes?: number;
  /** The newest slot already handled; slots after it are due when they are not after `now`. */
  handledUntil: Date;
  now: Date;
  /** When this runner started: a slot before it passed while no runner ran. */
  runnerStartedAt: Date;
  /** A run of the schedule is in progress. */
  busy: boolean;
  /** A slot is already queued behind it (overlap queue-one). */
  queued: boolean;
  /** How late a slot may be seen and still count as on time (a tick or two). */
  graceMs: number;
}

export interface SlotPlan {
  missed: MissedSlots[];
  start?: { slot: Date; trigger: Extract<RunTrigger, 'slot' | 'catch-up'> };
  queue?: Date;
  /** The newest slot this plan handles: the next plan starts after it. */
  handledUntil: Date;
}

/** Whether a slot (or its retry) may still start: the "do not start after" window. */
export function withinStartWindow(slot: Date, now: Date, startWithinMinutes: number | undefined): boolean {
  return startWithinMinutes === undefined || now.getTime() - slot.getTime() <= startWithinMinutes * 60_000;
}

/**
 * What a tick does with one schedule's due slots, from the wall clock alone (never a long timer):
 * the slots in (handledUntil, now]. The newest runs if it is on time, or as the catch-up run when
 * the policy is `once`; every other slot is recorded as missed, with why. A slot that comes while
 * the schedule's last run still runs is skipped or queued (overlap policy). Pure: the runner does
 * what the plan says.
 */
export function planSlots(input: SlotPlanInput): SlotPlan {
  const { slots, more } = input.timing.slotsBetween(input.handledUntil, input.now, 100_000);
  if (slots.length === 0) return { missed: [], handledUntil: input.handledUntil };
  const newest = slots[slots.length - 1]!;
  const missed: { slot: Date; reason: MissedSlotReason }[] = [];
  const reasonNotRun = (slot: Date): MissedSlotReason => (slot < input.runnerStartedAt ? 'app-not-running' : 'asleep');
  const onTime = !more && input.now.getTime() - newest.getTime() <= input.graceMs;
  const candidate = onTime || (input.catchUp === 'once' && !more) ? newest : undefined;
  for (const slot of slots) if (slot !== candidate) missed.push({ slot, reason: reasonNotRun(slot) });

  const plan: SlotPlan = { missed: [], handledUntil: newest };
  if (candidate) {
    if (!withinStartWindow(candidate, input.now, input.startWithinMinutes)) missed.push({ slot: candidate, reason: 'outside-window' });
    else if (!input.busy) plan.start = { slot: candidate, trigger: onTime ? 'slot' : 'catch-up' };
    else if (input.overlap === 'queue-one' && !input.queued) plan.queue = candidate;
    else missed.push({ slot: candidate, reason: 'overlap' });
  }
  plan.missed = groupMissed(missed);
  return plan;
}

function groupMissed(missed: { slot: Date; reason: MissedSlotReason }[]): MissedSlots[] {
  const groups: MissedSlots[] = [];
  for (const { slot, reason } of missed.sort((a, b) => a.slot.getTime() - b.slot.getTime())) {
    const last = groups[groups.length - 1];
    if (last && last.reason === reason) {
      last.last = slot;
      last.count += 1;
    } else {
      groups.push({ first: slot, last: slot, count: 1, reason });
    }
  }
  return groups;
}
