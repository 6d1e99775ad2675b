import {
  sessionStates,
  wraparoundLimit,
  worstState,
  type ActivityData,
  type HealthCheckResult,
  type HealthPanel,
  type HealthPanels,
  type HealthPanelId,
  type HealthThresholds,
  type PanelProblem,
  type SafetyData,
  type SessionState,
  type SessionSummary,
  type ThroughputData,
} from '../../shared/domain/health';
import { formatDurationSeconds } from '../../shared/format/duration';
import { blockingTree } from './blocking-tree';
import { checkResult } from './health-checks';
import type { RawActivity, RawSafety, RawSession, RawTick } from './raw-tick';
import type { PollerFacts } from './server-facts';

/** What a tick's panels are built from besides the tick itself. */
export interface PanelContext {
  facts: PollerFacts;
  thresholds: HealthThresholds;
  /** pids whose sessions may not be cancelled from the dashboard (the poller's own). */
  protectedPids: ReadonlySet<number>;
  /** Rates since the previous sample (throughput-rates.ts); null when the tick had no throughput part. */
  throughput: ThroughputData | null;
}

export function panel<Id extends HealthPanelId, Data>(
  id: Id,
  data: NoInfer<Data> | null,
  sampledAt: string | null,
  checks: HealthCheckResult[],
  problems: PanelProblem[],
): HealthPanel<Id, Data> {
  return { id, state: data === null ? 'unknown' : worstState(checks.map((c) => c.state)), checks, problems, data, sampledAt, stale: false };
}

/** The poller's role cannot see other roles' session details (pg_stat_activity hides them without pg_read_all_stats). */
function hiddenDetailsProblem(facts: PollerFacts, what: string): PanelProblem[] {
  if (facts.superuser || facts.readAllStats) return [];
  return [
    { kind: 'needs-privilege', privilege: 'pg_monitor', message: `${what} need pg_read_all_stats (part of pg_monitor): GRANT pg_monitor TO ${facts.role};` },
  ];
}

export function sessionSummary(raw: RawSession, protectedPids: ReadonlySet<number>): SessionSummary {
  const state: SessionState = (sessionStates as readonly string[]).includes(raw.state ?? '') ? (raw.state as SessionState) : 'unknown';
  const active = state === 'active' || state === 'fastpath function call';
  return {
    pid: raw.pid,
    backendStart: raw.backendStart,
    database: raw.database,
    user: raw.user,
    application: raw.application ?? '',
    clientAddress: raw.clientAddress,
    state,
    query: raw.query ?? '',
    queryTruncated: raw.queryTruncated ?? false,
    queryStart: raw.queryStart,
    transactionStart: raw.transactionStart,
    stateChange: raw.stateChange,
    durationMs: active ? raw.queryMs : raw.stateMs,
    transactionDurationMs: raw.transactionMs,
    waitEventType: raw.waitEventType,
    waitEvent: raw.waitEvent,
    backendType: raw.backendType ?? 'unknown',
    protected: protectedPids.has(raw.pid),
  };
}

function seconds(ms: number | null | undefined): number {
  return ms === null || ms === undefined ? 0 : ms / 1000;
}

function sessionDetail(session: SessionSummary | undefined): string | null {
  if (!session) return null;
  return `pid ${session.pid}${session.database ? ` on ${session.database}` : ''}${session.user ? ` (${session.user})` : ''}, ${formatDurationSeconds(seconds(session.durationMs))}`;
}

export function activityPanel(raw: RawActivity | undefined, at: string, context: PanelContext): HealthPanels['activity'] {
  if (!raw) return panel('activity', null, null, [], []);
  const { thresholds, protectedPids } = context;
  const usable = Math.max(1, raw.maxConnections - raw.superuserReservedConnections - raw.reservedConnections);
  const client = raw.byState.reduce((sum, s) => sum + s.count, 0);
  const longest = raw.longestQueries.map((s) => sessionSummary(s, protectedPids)).sort((a, b) => (b.durationMs ?? 0) - (a.durationMs ?? 0));
  const idleTx = raw.idleInTransaction.map((s) => sessionSummary(s, protectedPids)).sort((a, b) => (b.durationMs ?? 0) - (a.durationMs ?? 0));
  const data: ActivityData = {
    maxConnections: raw.maxConnections,
    superuserReservedConnections: raw.superuserReservedConnections,
    reservedConnections: raw.reservedConnections,
    usableConnections: usable,
    clientConnections: client,
    byState: raw.byState.map((s) => ({
      state: (sessionStates as readonly string[]).includes(s.state) ? (s.state as SessionState) : 'unknown',
      count: s.count,
    })),
    byDatabase: raw.byDatabase,
    waitingOnLocks: raw.waitingOnLocks,
    idleInTransaction: idleTx,
    longestQueries: longest,
    queryTextHidden: raw.hiddenSessions > 0,
  };
  const problems =
    raw.hiddenSessions > 0
      ? hiddenDetailsProblem(context.facts, `The type, state and query of ${raw.hiddenSessions} backends of other roles (left out of the counts)`)
      : [];
  const checks = [
    checkResult('connections', { value: (client * 100) / usable, detail: `${client} of ${usable} usable (max_connections ${raw.maxConnections})` }, thresholds),
    checkResult('long-queries', { value: seconds(longest[0]?.durationMs), detail: sessionDetail(longest[0]) ?? 'no active query' }, thresholds),
    checkResult('idle-in-transaction', { value: seconds(idleTx[0]?.durationMs), detail: sessionDetail(idleTx[0]) ?? 'none' }, thresholds),
  ];
  return panel('activity', data, at, checks, problems);
}

export function locksPanel(tick: RawTick, context: PanelContext): HealthPanels['locks'] {
  if (!tick.locks) return panel('locks', null, null, [], []);
  const data = blockingTree(tick.locks, (raw) => sessionSummary(raw, context.protectedPids));
  const root = data.roots[0];
  const detail = root ? `${data.blockedSessions} blocked, root pid ${root.session.pid}${data.cycle ? ' (a cycle)' : ''}` : 'no session waits on a lock';
  const hidden = tick.locks.some((p) => p.state === null);
  return panel(
    'locks',
    data,
    tick.startedAt,
    [checkResult('lock-waits', { value: seconds(data.longestWaitMs), detail }, context.thresholds)],
    hidden ? hiddenDetailsProblem(context.facts, 'The queries of blocking sessions of other roles') : [],
  );
}

export function throughputPanel(tick: RawTick, context: PanelContext): HealthPanels['throughput'] {
  const data = context.throughput;
  if (!tick.throughput || !data) return panel('throughput', null, null, [], []);
  const cacheHit = data.rates?.cacheHitPercent ?? data.cacheHitPercentSinceReset;
  const checks = [
    checkResult(
      'cache-hit',
      { value: cacheHit, detail: data.rates?.cacheHitPercent != null ? 'over the last interval' : 'since the statistics were reset' },
      context.thresholds,
    ),
    checkResult(
      'deadlocks',
      { value: data.rates ? data.rates.deadlocksPerSecond : null, detail: data.gap ? `no rate: ${data.gap}` : null },
      context.thresholds,
    ),
  ];
  // A gap's deadlock rate is not known, but it is not a reason to call the panel unknown.
  if (data.gap) checks[1] = { ...checks[1]!, state: 'green' };
  return panel('throughput', data, tick.startedAt, checks, []);
}

export function safetyPanel(raw: RawSafety | undefined, at: string, context: PanelContext): HealthPanels['safety'] {
  if (!raw) return panel('safety', null, null, [], []);
  const { thresholds } = context;
  const share = (age: number, of: number) => (age * 100) / of;
  const archiver = raw.archiver
    ? {
        ...raw.archiver,
        failing:
          raw.archiver.lastFailedTime !== null &&
          (raw.archiver.lastArchivedTime === null || Date.parse(raw.archiver.lastFailedTime) > Date.parse(raw.archiver.lastArchivedTime)),
      }
    : null;
  const checkpoints = raw.checkpoints
    ? {
        ...raw.checkpoints,
        requestedPercent:
          raw.checkpoints.timed + raw.checkpoints.requested > 0
            ? (raw.checkpoints.requested * 100) / (raw.checkpoints.timed + raw.checkpoints.requested)
            : null,
      }
    : null;
  const data: SafetyData = {
    autovacuumFreezeMaxAge: raw.autovacuumFreezeMaxAge,
    autovacuumMultixactFreezeMaxAge: raw.autovacuumMultixactFreezeMaxAge,
    wraparoundLimit,
    databases: raw.databases.map((d) => ({
      database: d.database,
      xidAge: d.xidAge,
      multixactAge: d.multixactAge,
      xidPercentOfFreezeMaxAge: share(d.xidAge, raw.autovacuumFreezeMaxAge),
      xidPercentOfLimit: share(d.xidAge, wraparoundLimit),
      multixactPercentOfFreezeMaxAge: share(d.multixactAge, raw.autovacuumMultixactFreezeMaxAge),
      multixactPercentOfLimit: share(d.multixactAge, wraparoundLimit),
    })),
    xminHolders: raw.xminHolders.map((h) => ({ kind: h.kind, name: h.name, database: h.database, xminAge: h.age, since: h.since })),
    replicationSlots: raw.replicationSlots,
    archiver,
    standbys: raw.standbys,
    checkpoints,
    vacuumProgress: raw.vacuumProgress.map((v) => ({
      ...v,
      automatic: v.automatic ?? false,
      percentScanned: v.heapBlocksTotal > 0 ? (v.heapBlocksScanned * 100) / v.heapBlocksTotal : null,
    })),
    inRecovery: raw.inRecovery,
  };
  const oldestXid = [...data.databases].sort((a, b) => b.xidAge - a.xidAge)[0];
  const oldestMxid = [...data.databases].sort((a, b) => b.multixactAge - a.multixactAge)[0];
  const inactive = data.replicationSlots.filter((s) => !s.active);
  const retained = inactive.reduce((sum, s) => sum + (s.retainedWalBytes ?? 0), 0);
  const lagging = [...data.standbys].sort((a, b) => (b.replayLagMs ?? 0) - (a.replayLagMs ?? 0))[0];
  const problems: PanelProblem[] = [];
  const lagHidden = data.standbys.some((s) => s.state === null);
  if (lagHidden) problems.push(...hiddenDetailsProblem(context.facts, 'Standbys’ replication state'));
  const checks = [
    checkResult(
      'xid-wraparound',
      {
        value: oldestXid ? oldestXid.xidPercentOfLimit : null,
        detail: oldestXid
          ? `${oldestXid.database}: age ${oldestXid.xidAge}, ${oldestXid.xidPercentOfFreezeMaxAge.toFixed(1)}% of autovacuum_freeze_max_age`
          : null,
      },
      thresholds,
    ),
    checkResult(
      'multixact-wraparound',
      { value: oldestMxid ? oldestMxid.multixactPercentOfLimit : null, detail: oldestMxid ? `${oldestMxid.database}: age ${oldestMxid.multixactAge}` : null },
      thresholds,
    ),
    archiverCheck(archiver, thresholds),
    checkResult(
      'replication-lag',
      {
        value: seconds(lagging?.replayLagMs),
        detail: lagging ? `${lagging.applicationName} (${lagging.state})` : data.inRecovery ? 'this server is a standby' : 'no standby connected',
      },
      thresholds,
    ),
    checkResult(
      'inactive-slots',
      { value: retained, detail: inactive.length ? `${inactive.length} inactive: ${inactive.map((s) => s.name).join(', ')}` : 'no inactive slot' },
      thresholds,
    ),
  ];
  return panel('safety', data, at, checks, problems);
}

function archiverCheck(archiver: SafetyData['archiver'], thresholds: HealthThresholds): HealthCheckResult {
  if (!archiver)
    return checkResult('archiver', { value: null, problem: { kind: 'failed', message: 'pg_stat_archiver could not be read.', sqlstate: null } }, thresholds);
  if (archiver.archiveMode === 'off') {
    return checkResult(
      'archiver',
      { value: null, detail: 'archive_mode is off', problem: { kind: 'not-available', message: 'WAL archiving is off (archive_mode = off).' } },
      thresholds,
    );
  }
  return checkResult(
    'archiver',
    {
      value: archiver.failing ? 1 : 0,
      detail: archiver.failing
        ? `failing since ${archiver.lastFailedTime} on ${archiver.lastFailedWal}`
        : archiver.lastArchivedWal
          ? `last archived ${archiver.lastArchivedWal}`
          : 'nothing archived yet',
    },
    thresholds,
  );
}

export function statementsPanel(tick: RawTick): HealthPanels['statements'] {
  if (!tick.statements) return undefined;
  const top = tick.statements.map((s) => ({ ...s, meanMs: s.calls > 0 ? s.totalMs / s.calls : 0 }));
  return panel('statements', { top }, tick.startedAt, [], []);
}
