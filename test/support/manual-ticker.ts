import type { Ticker } from '../../electron/health/poll-schedule';

/** The health pollers' timers, fired by the test: no test sleeps for a poll interval. */
export class ManualTicker implements Ticker {
  private readonly pending = new Set<{ delayMs: number; fn: () => void }>();

  after(delayMs: number, fn: () => void): () => void {
    const timer = { delayMs, fn };
    this.pending.add(timer);
    return () => this.pending.delete(timer);
  }

  /** Fires every timer due within `withinMs` (all of them by default); answers how many fired. */
  fire(withinMs = Number.POSITIVE_INFINITY): number {
    const due = [...this.pending].filter((t) => t.delayMs <= withinMs);
    for (const timer of due) {
      this.pending.delete(timer);
      timer.fn();
    }
    return due.length;
  }

  get size(): number {
    return this.pending.size;
  }
}
