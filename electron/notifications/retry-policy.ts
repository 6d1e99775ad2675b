/**
 * How often a failed delivery is tried again: exponential back-off, capped, for a bounded number
 * of attempts. A receiver that is down (a restarting Slack proxy, a laptop's network coming back)
 * gets room to recover, without a tight loop hammering it.
 */
export interface RetryPolicy {
  /** The wait after the first failed attempt. */
  firstDelayMs: number;
  /** Each further wait is this many times the previous one… */
  factor: number;
  /** …up to this. */
  maxDelayMs: number;
  /** Attempts in all, the first included; after the last failure the delivery is reported failed. */
  maxAttempts: number;
}

const minute = 60_000;

/** Events: waits of 30 s, 1, 2, 4, 8, 16, 32 min, then hourly: 12 attempts over about 5 hours. */
export const eventRetryPolicy: RetryPolicy = { firstDelayMs: 30_000, factor: 2, maxDelayMs: 60 * minute, maxAttempts: 12 };

/**
 * Heartbeats: 15 s to 4 min, 6 attempts over about 8 min. A ping that arrives much later tells
 * the monitor nothing true about now (a "start" hours late would open a run that already ended).
 */
export const heartbeatRetryPolicy: RetryPolicy = { firstDelayMs: 15_000, factor: 2, maxDelayMs: 4 * minute, maxAttempts: 6 };

/** "Send a test" answers at once: one attempt, its result shown, no retry. */
export const testRetryPolicy: RetryPolicy = { firstDelayMs: 0, factor: 1, maxDelayMs: 0, maxAttempts: 1 };

/**
 * The wait before the next attempt after `failedAttempts` failures (1 after the first), or null
 * when none is left. A receiver's Retry-After lengthens the wait, never beyond maxDelayMs.
 */
export function retryDelayMs(policy: RetryPolicy, failedAttempts: number, retryAfterMs?: number): number | null {
  if (failedAttempts >= policy.maxAttempts) return null;
  const backOff = Math.min(policy.maxDelayMs, policy.firstDelayMs * policy.factor ** Math.max(0, failedAttempts - 1));
  return Math.min(policy.maxDelayMs, Math.max(backOff, retryAfterMs ?? 0));
}
