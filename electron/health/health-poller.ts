import type pg from 'pg';
import {
  healthBackgroundIntervalMs,
  healthCheckNames,
  healthSeriesKeys,
  healthStorageIntervalMs,
  worstState,
  type HealthCheckName,
  type HealthCheckResult,
  type HealthPanels,
  type HealthPoint,
  type HealthPollState,
  type HealthProfileSettings,
  type HealthSampleEvent,
  type HealthSeriesKey,
  type HealthSnapshot,
  type HealthState,
  type PanelProblem,
} from '../../shared/domain/health';
import { toErrorPayload, type ErrorPayload } from '../../shared/domain/errors';
import type { HealthHistoryStore } from './health-history';
import { retryDelayMs, type HealthClock, type Ticker } from './poll-schedule';
import { readPollerFacts, type PollerFacts } from './server-facts';
import { activityPanel, locksPanel, panel, safetyPanel, statementsPanel, throughputPanel, type PanelContext } from './tick-panels';
import { tickSql, type TickPart } from './tick-sql';
import { throughputBetween, type CounterSample } from './throughput-rates';
import type { RawTick } from './raw-tick';

export interface HealthPollerDeps {
  profileId: string;
  profileName(): string;
  /** The poller's own connection: application_name 'tidemark-health', statement_timeout and lock_timeout set at startup. */
  connect(): Promise<pg.Client>;
  /** The storage panel, from its own short-lived connection (hourly, or on demand), so a slow size query never holds up a tick. */
  storage(facts: PollerFacts, settings: HealthProfileSettings): Promise<HealthPanels['storage']>;
  settings(): HealthProfileSettings;
  history: HealthHistoryStore;
  ticker: Ticker;
  clock: HealthClock;
  statementTimeoutMs: number;
  emit(event: HealthSampleEvent): void;
  /** A check went into red (from any other state, or on the first sample). */
  onRed(check: HealthCheckResult, snapshot: HealthSnapshot): void;
}

export type PollMode = { kind: 'watching'; intervalMs: number } | { kind: 'background' } | { kind: 'idle' };

/** pg_stat_statements' panel is read every 15th tick: it sorts every statement the server keeps. */
const statementsEveryTicks = 15;
/** A panel whose query failed alone is left out of the combined tick this long, then tried again. */
const quarantineMs = 60_000;

interface DownState {
  reason: ErrorPayload;
  since: string;
  attempts: number;
  nextRetryAt: string;
}

/**
 * One profile's poller: one connection, one round trip per tick (tick-sql.ts), at most one tick
 * in flight, the next tick scheduled only after the last has answered. Cadence follows who looks:
 * `watching` every interval, `background` every 60 s with only the threshold checks, `idle`
 * nothing at all (the connection is closed). A server that is down keeps its last panels (stale)
 * and is retried with back-off.
 */
export class HealthPoller {
  private mode: PollMode = { kind: 'idle' };
  private client: pg.Client | null = null;
  private facts: PollerFacts | null = null;
  private inFlight: Promise<void> | null = null;
  private cancelTimer: (() => void) | null = null;
  private counters: CounterSample | null = null;
  private panels: HealthPanels = emptyPanels();
  private down: DownState | null = null;
  private readonly quarantine = new Map<TickPart, { until: number; problem: PanelProblem }>();
  private ticks = 0;
  private sampledAt: string | null = null;
  private tickServerMs: number | null = null;
  private tickRoundTripMs: number | null = null;
  private readonly lastStates = new Map<HealthCheckName, HealthState>();
  private storageRun: Promise<void> | null = null;
  private storageAt: number | null = null;
  /** Round trips sent on the tick connection (facts included): the bench and tests read it beside the server's own count. */
  roundTrips = 0;

  constructor(private readonly deps: HealthPollerDeps) {}

  get pollMode(): PollMode {
    return this.mode;
  }

  setMode(mode: PollMode): void {
    const same = mode.kind === this.mode.kind && (mode.kind !== 'watching' || (this.mode.kind === 'watching' && this.mode.intervalMs === mode.intervalMs));
    if (same) return;
    const wasWatching = this.mode.kind === 'watching';
    this.mode = mode;
    this.clearTimer();
    if (mode.kind === 'idle') {
      void this.closeWhenIdle();
      return;
    }
    // Becoming visible shows fresh data at once; going to the background waits a full minute.
    const delay = mode.kind === 'watching' ? 0 : wasWatching || this.sampledAt ? healthBackgroundIntervalMs : 0;
    this.schedule(this.down ? Math.max(0, Date.parse(this.down.nextRetryAt) - this.deps.clock.now().getTime()) : delay);
  }

  /** A tick now (or the one in flight), whatever the mode: health.snapshot's `fresh` and the CLI. */
  async tickNow(options: { includeStorage?: boolean } = {}): Promise<HealthSnapshot> {
    if (this.inFlight) await this.inFlight;
    else await this.runTick();
    if (options.includeStorage && this.facts && !this.down) await this.refreshStorage();
    if (this.mode.kind === 'idle') await this.closeWhenIdle();
    return this.snapshot();
  }

  async refreshStorage(): Promise<HealthPanels['storage']> {
    if (!this.facts) await this.tickNow();
    const facts = this.facts;
    if (!facts) return this.panels.storage;
    this.storageRun ??= this.deps
      .storage(facts, this.deps.settings())
      .then((storage) => {
        this.panels.storage = storage;
        this.storageAt = this.deps.clock.now().getTime();
      })
      .catch((error: unknown) => {
        this.panels.storage = { ...this.panels.storage, problems: [problemOf(error, this.deps.statementTimeoutMs)], state: 'unknown' };
      })
      .finally(() => (this.storageRun = null));
    await this.storageRun;
    return this.panels.storage;
  }

  snapshot(): HealthSnapshot {
    const stale = this.down !== null;
    const panels = stale ? staleCopy(this.panels) : this.panels;
    const checks = orderedChecks(panels);
    return {
      profileId: this.deps.profileId,
      profileName: this.deps.profileName(),
      poll: this.pollState(),
      server: this.facts
        ? {
            version: this.facts.version,
            versionNum: this.facts.versionNum,
            role: this.facts.role,
            superuser: this.facts.superuser,
            pgMonitor: this.facts.pgMonitor,
            pgStatStatements: this.facts.statementsUsable,
            pollerPid: this.facts.pollerPid,
          }
        : null,
      state: stale ? 'unknown' : worstState(panelList(panels).map((p) => p.state)),
      checks,
      panels,
      sampledAt: this.sampledAt,
      tickServerMs: this.tickServerMs,
      tickRoundTripMs: this.tickRoundTripMs,
    };
  }

  /** Stops polling and closes the connection (the service's dispose, a removed profile). */
  async stop(): Promise<void> {
    this.mode = { kind: 'idle' };
    this.clearTimer();
    await this.closeWhenIdle();
    await this.deps.history.flush();
  }

  private pollState(): HealthPollState {
    if (this.down) return { kind: 'down', ...this.down };
    if (this.mode.kind === 'watching') return { kind: 'watching', intervalMs: this.mode.intervalMs };
    if (this.mode.kind === 'background') return { kind: 'background', intervalMs: healthBackgroundIntervalMs };
    return { kind: 'idle' };
  }

  private clearTimer(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    this.cancelTimer = this.deps.ticker.after(delayMs, () => {
      this.cancelTimer = null;
      if (this.mode.kind === 'idle' || this.inFlight) return;
      void this.runTick().then(() => this.scheduleNext());
    });
  }

  private scheduleNext(): void {
    if (this.mode.kind === 'idle' || this.cancelTimer) return;
    if (this.down) {
      this.schedule(Math.max(0, Date.parse(this.down.nextRetryAt) - this.deps.clock.now().getTime()));
      return;
    }
    const interval = this.mode.kind === 'watching' ? this.mode.intervalMs : healthBackgroundIntervalMs;
    this.schedule(Math.max(0, interval - (this.tickRoundTripMs ?? 0)));
  }

  private runTick(): Promise<void> {
    const run = this.tick().finally(() => (this.inFlight = null));
    this.inFlight = run;
    return run;
  }

  private async tick(): Promise<void> {
    const startedMs = this.deps.clock.now().getTime();
    try {
      const client = await this.connection();
      const facts = this.facts!;
      const parts = this.partsFor(facts);
      const raw = await this.query(client, facts, parts);
      this.tickRoundTripMs = this.deps.clock.now().getTime() - startedMs;
      this.down = null;
      this.absorb(raw, facts);
    } catch (error) {
      await this.goDown(error);
    }
  }

  private async connection(): Promise<pg.Client> {
    if (this.client) return this.client;
    const client = await this.deps.connect();
    try {
      this.roundTrips += 2;
      this.facts = await readPollerFacts(client);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    client.on('error', () => {
      if (this.client === client) this.client = null;
    });
    this.client = client;
    return client;
  }

  private partsFor(facts: PollerFacts): TickPart[] {
    const now = this.deps.clock.now().getTime();
    const parts: TickPart[] = this.mode.kind === 'background' ? ['activity', 'locks', 'safety'] : ['activity', 'locks', 'throughput', 'safety'];
    if (this.mode.kind !== 'background' && facts.statementsUsable && this.ticks % statementsEveryTicks === 0) parts.push('statements');
    return parts.filter((part) => (this.quarantine.get(part)?.until ?? 0) <= now);
  }

  /** The combined tick; when it fails as a query (a timeout, a missing privilege), each part alone, to keep the others working. */
  private async query(client: pg.Client, facts: PollerFacts, parts: TickPart[]): Promise<RawTick> {
    const options = { versionNum: facts.versionNum, statements: facts.statementsUsable };
    try {
      this.roundTrips++;
      const raw = await client.query<{ tick: RawTick }>(tickSql(parts, options));
      for (const part of parts) this.quarantine.delete(part);
      return raw.rows[0]!.tick;
    } catch (error) {
      if (!isQueryError(error)) throw error;
      let merged: RawTick | null = null;
      for (const part of parts) {
        try {
          this.roundTrips++;
          const alone = (await client.query<{ tick: RawTick }>(tickSql([part], options))).rows[0]!.tick;
          const base: RawTick = merged ?? alone;
          merged = { ...base, [part]: alone[part], ...(part === 'throughput' ? { startedAt: alone.startedAt } : {}) };
          this.quarantine.delete(part);
        } catch (partError) {
          if (!isQueryError(partError)) throw partError;
          this.quarantine.set(part, { until: this.deps.clock.now().getTime() + quarantineMs, problem: problemOf(partError, this.deps.statementTimeoutMs) });
        }
      }
      if (!merged) throw error;
      return merged;
    }
  }

  private absorb(raw: RawTick, facts: PollerFacts): void {
    const settings = this.deps.settings();
    this.ticks++;
    this.sampledAt = raw.startedAt;
    this.tickServerMs = Date.parse(raw.endedAt) - Date.parse(raw.startedAt);
    let throughput = null;
    if (raw.throughput) {
      const sample: CounterSample = { at: raw.startedAt, rows: raw.throughput, pollerDatabase: facts.database };
      const expected = this.mode.kind === 'watching' ? this.mode.intervalMs : healthBackgroundIntervalMs;
      throughput = throughputBetween(this.counters, sample, Math.max(3 * expected, expected + 5_000));
      this.counters = sample;
    }
    const context: PanelContext = { facts, thresholds: settings.thresholds, protectedPids: new Set([facts.pollerPid]), throughput };
    const previous = this.panels;
    const next: HealthPanels = {
      activity: raw.activity ? activityPanel(raw.activity, raw.startedAt, context) : previous.activity,
      locks: raw.locks ? locksPanel(raw, context) : previous.locks,
      throughput: raw.throughput ? throughputPanel(raw, context) : previous.throughput,
      safety: raw.safety ? safetyPanel(raw.safety, raw.startedAt, context) : previous.safety,
      storage: previous.storage,
    };
    if (facts.statementsUsable) next.statements = raw.statements ? statementsPanel(raw) : previous.statements;
    else if (facts.pgStatStatements) {
      next.statements = panel(
        'statements',
        null,
        null,
        [],
        [{ kind: 'not-available', message: `pg_stat_statements is installed but does not answer: ${facts.statementsProblem}` }],
      );
    }
    for (const [part, { problem }] of this.quarantine) {
      const key = part as keyof HealthPanels;
      const current = next[key];
      if (current) next[key] = { ...current, problems: [problem, ...current.problems.filter((p) => p.kind !== problem.kind)] } as never;
    }
    this.panels = next;
    const snapshot = this.snapshot();
    const point = raw.throughput ? pointOf(snapshot) : null;
    if (point) this.deps.history.add(point);
    this.deps.emit({ profileId: this.deps.profileId, snapshot, point });
    this.noticeCrossings(snapshot);
    if (this.mode.kind === 'watching' && (this.storageAt === null || this.deps.clock.now().getTime() - this.storageAt >= healthStorageIntervalMs)) {
      // Marked now so a slow storage query is not started again at every tick.
      this.storageAt = this.deps.clock.now().getTime();
      void this.refreshStorage().then(() => this.emitSnapshot());
    }
  }

  private emitSnapshot(): void {
    this.deps.emit({ profileId: this.deps.profileId, snapshot: this.snapshot(), point: null });
  }

  private noticeCrossings(snapshot: HealthSnapshot): void {
    for (const check of snapshot.checks) {
      const before = this.lastStates.get(check.name);
      this.lastStates.set(check.name, check.state);
      if (check.state === 'red' && before !== 'red') this.deps.onRed(check, snapshot);
    }
  }

  private async goDown(error: unknown): Promise<void> {
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
    // The next sample's rates start a new series (rates across an outage would average it away).
    this.counters = null;
    const attempts = (this.down?.attempts ?? 0) + 1;
    const now = this.deps.clock.now();
    const floor = this.mode.kind === 'background' ? healthBackgroundIntervalMs : 0;
    this.down = {
      reason: toErrorPayload(error),
      since: this.down?.since ?? now.toISOString(),
      attempts,
      nextRetryAt: new Date(now.getTime() + retryDelayMs(attempts, floor)).toISOString(),
    };
    this.deps.emit({ profileId: this.deps.profileId, snapshot: this.snapshot(), point: null });
  }

  private async closeWhenIdle(): Promise<void> {
    if (this.inFlight) await this.inFlight.catch(() => undefined);
    if (this.mode.kind !== 'idle') return;
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}

/** A failure the server reported for this query (it answered, so the connection still works): SQLSTATE, not class 08 or 57P. */
function isQueryError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith('08') && !code.startsWith('57P');
}

export function problemOf(error: unknown, timeoutMs: number): PanelProblem {
  const { code, message } = error as { code?: string; message?: string };
  if (code === '57014') return { kind: 'timed-out', timeoutMs, message: `Timed out at ${timeoutMs} ms (statement_timeout).` };
  if (code === '42501') {
    const privilege = /function (\w+)/.exec(message ?? '')?.[1];
    return { kind: 'needs-privilege', privilege: privilege ? `EXECUTE on ${privilege}()` : 'pg_monitor', message: message ?? 'permission denied' };
  }
  return { kind: 'failed', message: message ?? String(error), sqlstate: typeof code === 'string' ? code : null };
}

function emptyPanels(): HealthPanels {
  return {
    activity: panel('activity', null, null, [], []),
    locks: panel('locks', null, null, [], []),
    throughput: panel('throughput', null, null, [], []),
    storage: panel('storage', null, null, [], []),
    safety: panel('safety', null, null, [], []),
  };
}

function panelList(panels: HealthPanels) {
  return [panels.activity, panels.locks, panels.throughput, panels.storage, panels.safety, ...(panels.statements ? [panels.statements] : [])];
}

function staleCopy(panels: HealthPanels): HealthPanels {
  const mark = <T extends { stale: boolean; sampledAt: string | null }>(p: T): T => ({ ...p, stale: p.sampledAt !== null });
  return {
    activity: mark(panels.activity),
    locks: mark(panels.locks),
    throughput: mark(panels.throughput),
    storage: mark(panels.storage),
    safety: mark(panels.safety),
    ...(panels.statements ? { statements: mark(panels.statements) } : {}),
  };
}

function orderedChecks(panels: HealthPanels): HealthCheckResult[] {
  const byName = new Map(panelList(panels).flatMap((p) => p.checks.map((c) => [c.name, c] as const)));
  return healthCheckNames.flatMap((name) => {
    const check = byName.get(name);
    return check ? [check] : [];
  });
}

function pointOf(snapshot: HealthSnapshot): HealthPoint {
  const { activity, throughput, safety } = snapshot.panels;
  const rates = throughput.data?.rates ?? null;
  const values = Object.fromEntries(healthSeriesKeys.map((key) => [key, null])) as Record<HealthSeriesKey, number | null>;
  if (rates) {
    for (const key of healthSeriesKeys) {
      if (key in rates) values[key] = rates[key as keyof typeof rates] as number | null;
    }
  }
  if (activity.data) {
    values.clientConnections = activity.data.clientConnections;
    values.activeConnections = activity.data.byState.find((s) => s.state === 'active')?.count ?? 0;
    values.idleInTransactionConnections = activity.data.byState.filter((s) => s.state.startsWith('idle in transaction')).reduce((sum, s) => sum + s.count, 0);
    values.waitingOnLocks = activity.data.waitingOnLocks;
    values.longestQuerySeconds = (activity.data.longestQueries[0]?.durationMs ?? 0) / 1000;
  }
  if (safety.data) values.maxReplayLagSeconds = Math.max(0, ...safety.data.standbys.map((s) => (s.replayLagMs ?? 0) / 1000));
  return { at: snapshot.sampledAt!, gap: throughput.data?.gap ?? null, values };
}
