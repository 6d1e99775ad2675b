import type { DatabaseThroughput, GapReason, ThroughputData, ThroughputRates } from '../../shared/domain/health';
import type { RawDatabaseCounters } from './raw-tick';

/** pg_stat_database's counters at one server instant (clock_timestamp() of the tick). */
export interface CounterSample {
  at: string;
  rows: RawDatabaseCounters[];
  /** The database the poller's own tick transaction commits in (subtracted: the dashboard must not count itself). */
  pollerDatabase: string | null;
}

const counterKeys = [
  'commits',
  'rollbacks',
  'blocksRead',
  'blocksHit',
  'tuplesReturned',
  'tuplesFetched',
  'tuplesInserted',
  'tuplesUpdated',
  'tuplesDeleted',
  'tempFiles',
  'tempBytes',
  'deadlocks',
] as const satisfies readonly (keyof RawDatabaseCounters)[];
type CounterKey = (typeof counterKeys)[number];
type Deltas = Record<CounterKey, number>;

/**
 * Rates from two samples: per-key deltas divided by the server time between them, so a late or
 * early tick never distorts a rate (pgAdmin's rates are wrong whenever its refresh is not 1 s,
 * #10273). A changed stats_reset, or any counter that went down, is a reset: that database's
 * point is a gap (null rates), and so is the total's, rather than a false zero or a spike.
 * Databases are matched by oid, so a dropped and recreated one starts its own series.
 */
export function throughputBetween(previous: CounterSample | null, current: CounterSample, maxIntervalMs: number): ThroughputData {
  const intervalMs = previous ? Date.parse(current.at) - Date.parse(previous.at) : 0;
  const sessionGap: GapReason | null = !previous ? 'first-sample' : intervalMs <= 0 || intervalMs > maxIntervalMs ? 'not-polled' : null;
  const before = new Map((previous?.rows ?? []).map((row) => [row.datid, row]));
  const totals = zeroDeltas();
  let totalGap: GapReason | null = sessionGap;
  const databases: DatabaseThroughput[] = [];

  for (const row of current.rows) {
    const earlier = before.get(row.datid);
    const gap: GapReason | null = sessionGap ?? (earlier ? resetBetween(earlier, row) : 'first-sample');
    let rates: ThroughputRates | null = null;
    if (!gap && earlier) {
      const deltas = deltasOf(earlier, row);
      if (row.database !== null && row.database === current.pollerDatabase) deltas.commits = Math.max(0, deltas.commits - 1);
      rates = ratesOf(deltas, intervalMs);
      for (const key of counterKeys) totals[key] += deltas[key];
    }
    // A reset of one database makes the total's point a gap too (summing the others would dip); one that
    // appeared since the last sample (first-sample) only starts its own series.
    if (gap && gap !== 'first-sample') totalGap ??= gap;
    if (row.database !== null) {
      databases.push({ database: row.database, rates, gap, cacheHitPercentSinceReset: hitPercent(row.blocksHit, row.blocksRead), statsReset: row.statsReset });
    }
  }
  const sinceReset = current.rows.reduce((sum, row) => ({ hit: sum.hit + row.blocksHit, read: sum.read + row.blocksRead }), { hit: 0, read: 0 });
  return {
    rates: totalGap ? null : ratesOf(totals, intervalMs),
    gap: totalGap,
    cacheHitPercentSinceReset: hitPercent(sinceReset.hit, sinceReset.read),
    databases: databases.sort((a, b) => a.database.localeCompare(b.database)),
  };
}

function resetBetween(earlier: RawDatabaseCounters, later: RawDatabaseCounters): GapReason | null {
  if (earlier.statsReset !== later.statsReset) return 'stats-reset';
  return counterKeys.some((key) => later[key] < earlier[key]) ? 'counter-went-backwards' : null;
}

function zeroDeltas(): Deltas {
  return Object.fromEntries(counterKeys.map((key) => [key, 0])) as Deltas;
}

function deltasOf(earlier: RawDatabaseCounters, later: RawDatabaseCounters): Deltas {
  return Object.fromEntries(counterKeys.map((key) => [key, Number(later[key]) - Number(earlier[key])])) as Deltas;
}

function ratesOf(deltas: Deltas, intervalMs: number): ThroughputRates {
  const perSecond = (value: number) => (value * 1000) / intervalMs;
  return {
    intervalMs,
    commitsPerSecond: perSecond(deltas.commits),
    rollbacksPerSecond: perSecond(deltas.rollbacks),
    transactionsPerSecond: perSecond(deltas.commits + deltas.rollbacks),
    tuplesReturnedPerSecond: perSecond(deltas.tuplesReturned),
    tuplesFetchedPerSecond: perSecond(deltas.tuplesFetched),
    tuplesInsertedPerSecond: perSecond(deltas.tuplesInserted),
    tuplesUpdatedPerSecond: perSecond(deltas.tuplesUpdated),
    tuplesDeletedPerSecond: perSecond(deltas.tuplesDeleted),
    blocksReadPerSecond: perSecond(deltas.blocksRead),
    blocksHitPerSecond: perSecond(deltas.blocksHit),
    cacheHitPercent: hitPercent(deltas.blocksHit, deltas.blocksRead),
    tempFilesPerSecond: perSecond(deltas.tempFiles),
    tempBytesPerSecond: perSecond(deltas.tempBytes),
    deadlocksPerSecond: perSecond(deltas.deadlocks),
  };
}

function hitPercent(hit: number, read: number): number | null {
  return hit + read > 0 ? (hit * 100) / (hit + read) : null;
}
