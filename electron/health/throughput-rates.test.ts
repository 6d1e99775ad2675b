import { describe, expect, it } from 'vitest';
import type { RawDatabaseCounters } from './raw-tick';
import { throughputBetween, type CounterSample } from './throughput-rates';

function row(datid: string, commits: number, statsReset: string | null = null): RawDatabaseCounters {
  return {
    datid,
    database: `db${datid}`,
    commits,
    rollbacks: 0,
    blocksRead: 10,
    blocksHit: 990,
    tuplesReturned: 0,
    tuplesFetched: 0,
    tuplesInserted: 0,
    tuplesUpdated: 0,
    tuplesDeleted: 0,
    tempFiles: 0,
    tempBytes: 0,
    deadlocks: 0,
    statsReset,
  };
}

const sample = (at: string, rows: RawDatabaseCounters[]): CounterSample => ({ at, rows, pollerDatabase: null });

describe('throughput rates between two samples', () => {
  it('divides by the server time between samples, not the nominal interval', () => {
    const data = throughputBetween(sample('2026-01-01T00:00:00.000Z', [row('1', 100)]), sample('2026-01-01T00:00:02.500Z', [row('1', 350)]), 10_000);
    expect(data.gap).toBeNull();
    expect(data.rates!.commitsPerSecond).toBeCloseTo(100);
  });

  it('makes a gap of a stats reset and of a counter that went backwards, never a negative rate', () => {
    const before = sample('2026-01-01T00:00:00Z', [row('1', 500), row('2', 10)]);
    const reset = throughputBetween(before, sample('2026-01-01T00:00:02Z', [row('1', 3, '2026-01-01T00:00:01Z'), row('2', 20)]), 10_000);
    expect(reset.gap).toBe('stats-reset');
    expect(reset.rates).toBeNull();
    expect(reset.databases.find((d) => d.database === 'db2')!.rates!.commitsPerSecond).toBeCloseTo(5);
    const backwards = throughputBetween(before, sample('2026-01-01T00:00:02Z', [row('1', 400), row('2', 20)]), 10_000);
    expect(backwards.gap).toBe('counter-went-backwards');
    expect(backwards.rates).toBeNull();
  });

  it('starts a new series after a long pause and on the first sample', () => {
    expect(throughputBetween(null, sample('2026-01-01T00:00:00Z', [row('1', 1)]), 10_000).gap).toBe('first-sample');
    const late = throughputBetween(sample('2026-01-01T00:00:00Z', [row('1', 1)]), sample('2026-01-01T00:05:00Z', [row('1', 9)]), 10_000);
    expect(late.gap).toBe('not-polled');
  });
});
