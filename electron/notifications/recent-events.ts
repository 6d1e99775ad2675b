import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { writeJsonAtomic } from '../repository/atomic-file';
import { parseJsonOrUndefined, readOptionalText } from './json-file';
import { serialized } from './serialized';

const recentEventsSchema = z.object({
  version: z.literal(1),
  events: z.record(z.string(), z.object({ firstAt: z.string(), windowEndsAt: z.string(), count: z.number().int().min(1) })),
});
type RecentEvents = z.infer<typeof recentEventsSchema>;
export type RecentEvent = RecentEvents['events'][string];

/** What to do with an event: send it (it opens a window), or collapse it into the one already sent. */
export type CollapseDecision = { action: 'send'; window: RecentEvent } | { action: 'collapse'; window: RecentEvent };

/**
 * The collapsing rule, on its own so it is tested without files: an event whose key was seen in a
 * window still open is collapsed (the window's count grows); otherwise it opens a new window.
 * Windows that closed are forgotten.
 */
export function decideCollapse(recent: RecentEvents, key: string, nowMs: number, windowMs: number): { decision: CollapseDecision; recent: RecentEvents } {
  const events = Object.fromEntries(Object.entries(recent.events).filter(([, seen]) => Date.parse(seen.windowEndsAt) > nowMs));
  const open = events[key];
  if (open) {
    const window = { ...open, count: open.count + 1 };
    return { decision: { action: 'collapse', window }, recent: { version: 1, events: { ...events, [key]: window } } };
  }
  const window = { firstAt: new Date(nowMs).toISOString(), windowEndsAt: new Date(nowMs + windowMs).toISOString(), count: 1 };
  return { decision: { action: 'send', window }, recent: { version: 1, events: windowMs > 0 ? { ...events, [key]: window } : events } };
}

/** The windows of recent events, kept in the repository so a restart (or another process) does not send a repeat. */
export async function collapseOrRemember(file: string, key: string, nowMs: number, windowMs: number): Promise<CollapseDecision> {
  return serialized(file, async () => {
    const { decision, recent } = decideCollapse(await readRecent(file), key, nowMs, windowMs);
    await mkdir(dirname(file), { recursive: true });
    await writeJsonAtomic(file, recent);
    return decision;
  });
}

async function readRecent(file: string): Promise<RecentEvents> {
  const text = await readOptionalText(file);
  // A damaged file only costs a repeat message: start afresh rather than stop notifying.
  const parsed = text === null ? null : recentEventsSchema.safeParse(parseJsonOrUndefined(text));
  return parsed?.success ? parsed.data : { version: 1, events: {} };
}
