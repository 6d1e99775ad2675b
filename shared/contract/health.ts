import { z } from 'zod';
import { event, request } from './define';
import { healthCheckNames, healthIntervalSeconds, thresholdSchema } from '../domain/health';
import type * as Health from '../domain/health';

const profileId = z.string().min(1);
/** One window, tab or CLI watch: chosen by the caller (a random id), so two windows on one profile each hold their own watch. */
const watcherId = z.string().trim().min(1).max(100);
const intervalSeconds = z.number().int().min(healthIntervalSeconds.min).max(healthIntervalSeconds.max);

/** A backend by pid and backend_start: a pid alone may have been reused by another session since the dashboard showed it. */
const sessionActionInput = z.object({
  profileId,
  pid: z.number().int().positive(),
  backendStart: z.string().min(1),
  /** The user confirmed (the dashboard's dialog, the CLI's --yes). */
  confirm: z.literal(true, { error: 'cancelling or terminating a session must be confirmed' }),
});

export const healthRequests = {
  /**
   * A window shows this profile's dashboard: polling starts (or goes on) at the interval, and the
   * answer carries the snapshot so far. Visibility-driven: the renderer calls it when the dashboard
   * becomes visible and renews it before `expiresAt`; nothing polls once every watch has ended.
   */
  'health.watch': request<Health.HealthWatchLease>()(z.object({ profileId, watcherId, intervalSeconds: intervalSeconds.optional() })),
  /** The dashboard is hidden (other page, hidden tab, minimised, closed): this watcher's watch ends now. Answers how many watches remain. */
  'health.unwatch': request<{ profileId: string; watchers: number }>()(z.object({ profileId, watcherId })),
  /**
   * The latest snapshot. `fresh`: take one tick now when nothing is polling (the CLI's one-shot);
   * `includeStorage`: also run the storage queries now.
   */
  'health.snapshot': request<Health.HealthSnapshot>()(z.object({ profileId, fresh: z.boolean().default(false), includeStorage: z.boolean().default(false) })),
  /** live: each tick of the last 15 minutes; day: one-minute points of the last 24 h, kept in the app data folder. */
  'health.history': request<Health.HealthHistory>()(z.object({ profileId, range: z.enum(['live', 'day']).default('live') })),
  /** Runs the storage and bloat queries now (they otherwise run hourly while watched). */
  'health.refreshStorage': request<Health.HealthPanels['storage']>()(z.object({ profileId })),
  'health.thresholds.get': request<Health.HealthProfileSettings>()(z.object({ profileId })),
  /** Changes some thresholds (others keep theirs), the interval, alerts; `reset` puts the named checks back to the defaults. */
  'health.thresholds.set': request<Health.HealthProfileSettings>()(
    z.object({
      profileId,
      thresholds: z.record(z.enum(healthCheckNames), thresholdSchema).optional(),
      reset: z.array(z.enum(healthCheckNames)).optional(),
      intervalSeconds: intervalSeconds.optional(),
      alertsEnabled: z.boolean().optional(),
    }),
  ),
  /** pg_cancel_backend; refused for the poller's own session and the one that would send it. */
  'health.cancelQuery': request<Health.SessionActionResult>()(sessionActionInput),
  /** pg_terminate_backend; refused likewise. */
  'health.terminateSession': request<Health.SessionActionResult>()(sessionActionInput),
};

export const healthEvents = {
  /** Every tick of a watched profile (and each background check): the snapshot and the new point. */
  'health.sample': event<Health.HealthSampleEvent>(),
};
