/** Timers the poller schedules through, so tests drive ticks by hand instead of sleeping. */
export interface Ticker {
  /** Calls fn once after delayMs; the answer cancels it. */
  after(delayMs: number, fn: () => void): () => void;
}

export interface HealthClock {
  now(): Date;
}

export const realTicker: Ticker = {
  after(delayMs, fn) {
    const timer = setTimeout(fn, delayMs);
    // A health poll alone must not keep the CLI or a test process alive.
    timer.unref?.();
    return () => clearTimeout(timer);
  },
};

export const systemHealthClock: HealthClock = { now: () => new Date() };

/** Retries of a server that is down: 1 s, 2 s, 4 s … up to a minute (never an error loop). */
export function retryDelayMs(attempts: number, floorMs: number): number {
  return Math.max(floorMs, Math.min(60_000, 1000 * 2 ** Math.max(0, attempts - 1)));
}
