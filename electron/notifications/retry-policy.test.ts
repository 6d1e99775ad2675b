import { describe, expect, it } from 'vitest';
import { eventRetryPolicy, heartbeatRetryPolicy, retryDelayMs, testRetryPolicy, type RetryPolicy } from './retry-policy';

const second = 1000;
const minute = 60 * second;

/** The wait after each failed attempt, until none is left. */
function schedule(policy: RetryPolicy): (number | null)[] {
  return Array.from({ length: policy.maxAttempts }, (_, i) => retryDelayMs(policy, i + 1));
}

describe('the back-off schedule', () => {
  it('events: doubling from 30 s, capped at an hour, 12 attempts, then none', () => {
    expect(schedule(eventRetryPolicy)).toEqual([
      30 * second,
      minute,
      2 * minute,
      4 * minute,
      8 * minute,
      16 * minute,
      32 * minute,
      60 * minute,
      60 * minute,
      60 * minute,
      60 * minute,
      null,
    ]);
    const total = schedule(eventRetryPolicy).reduce<number>((sum, wait) => sum + (wait ?? 0), 0);
    expect(total).toBe(303.5 * minute);
  });

  it('heartbeats give up within minutes: a late ping would tell the monitor something false', () => {
    expect(schedule(heartbeatRetryPolicy)).toEqual([15 * second, 30 * second, minute, 2 * minute, 4 * minute, null]);
  });

  it('a test is tried once', () => {
    expect(schedule(testRetryPolicy)).toEqual([null]);
  });

  it("a receiver's Retry-After lengthens the wait, never past the cap, and never shortens it", () => {
    expect(retryDelayMs(eventRetryPolicy, 1, 120 * second)).toBe(120 * second);
    expect(retryDelayMs(eventRetryPolicy, 1, 5 * second)).toBe(30 * second);
    expect(retryDelayMs(eventRetryPolicy, 1, 24 * 60 * minute)).toBe(60 * minute);
    expect(retryDelayMs(eventRetryPolicy, 12, 5 * second)).toBeNull();
  });
});
