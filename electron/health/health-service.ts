import { join } from 'node:path';
import type pg from 'pg';
import type { RequestParsed } from '../../shared/contract';
import {
  healthCheckDefinitions,
  healthWatchLeaseMs,
  type HealthCheckResult,
  type HealthHistory,
  type HealthPanels,
  type HealthProfileSettings,
  type HealthSampleEvent,
  type HealthSnapshot,
  type HealthWatchLease,
  type SessionActionResult,
} from '../../shared/domain/health';
import type { TidemarkEvent } from '../../shared/domain/notification-event';
import type { ConnectionResolver } from '../profiles/connection-resolver';
import { openClient } from '../profiles/open-client';
import type { ProfileStore } from '../profiles/profile-store';
import { HealthHistoryStore } from './health-history';
import { HealthPoller } from './health-poller';
import { HealthSettingsStore } from './health-settings-store';
import { realTicker, systemHealthClock, type HealthClock, type Ticker } from './poll-schedule';
import { signalSession } from './session-signal';
import { readStoragePanel } from './storage-panel';
import { pollerApplicationName } from './tick-sql';

export interface HealthServiceDeps {
  profiles: Pick<ProfileStore, 'get'>;
  connections: Pick<ConnectionResolver, 'resolve'>;
  /** `<app data>/health`: settings.json and each profile's 24 h history. */
  folder: string;
  emit(event: HealthSampleEvent): void;
  /** A check of a profile with alerts on went red (notifications.publish, handed in by createServices). */
  publish(event: TidemarkEvent, profileId: string): Promise<unknown>;
  clock?: HealthClock;
  ticker?: Ticker;
  /** The tick connection's statement_timeout (and 1/4 of it as lock_timeout). */
  statementTimeoutMs?: number;
}

/**
 * The health.* requests (issue 12): one HealthPoller per profile, driven by who looks. A watch is
 * a lease a window renews; when the last lease of a profile ends (unwatch, or a window that
 * vanished without saying so), its poller goes to the background check (alerts on) or stops.
 */
export class HealthService {
  private readonly pollers = new Map<string, HealthPoller>();
  private readonly watches = new Map<string, Map<string, { expiresAt: number; intervalMs: number; cancel: () => void }>>();
  private readonly settingsStore: HealthSettingsStore;
  private readonly clock: HealthClock;
  private readonly ticker: Ticker;
  private readonly statementTimeoutMs: number;

  constructor(private readonly deps: HealthServiceDeps) {
    this.settingsStore = new HealthSettingsStore(deps.folder);
    this.clock = deps.clock ?? systemHealthClock;
    this.ticker = deps.ticker ?? realTicker;
    this.statementTimeoutMs = deps.statementTimeoutMs ?? 5_000;
  }

  async watch(profileId: string, watcherId: string, intervalSeconds?: number): Promise<HealthWatchLease> {
    const poller = await this.pollerOf(profileId);
    const intervalMs = (intervalSeconds ?? this.settingsStore.get(profileId).intervalSeconds) * 1000;
    const watchers = this.watches.get(profileId) ?? new Map();
    this.watches.set(profileId, watchers);
    watchers.get(watcherId)?.cancel();
    const expiresAt = this.clock.now().getTime() + healthWatchLeaseMs;
    const cancel = this.ticker.after(healthWatchLeaseMs, () => {
      if (watchers.get(watcherId)?.expiresAt === expiresAt) watchers.delete(watcherId);
      this.applyMode(profileId);
    });
    watchers.set(watcherId, { expiresAt, intervalMs, cancel });
    this.applyMode(profileId);
    return {
      profileId,
      watcherId,
      intervalMs: this.watchInterval(profileId) ?? intervalMs,
      expiresAt: new Date(expiresAt).toISOString(),
      snapshot: poller.snapshot(),
    };
  }

  async unwatch(profileId: string, watcherId: string): Promise<{ profileId: string; watchers: number }> {
    const watchers = this.watches.get(profileId);
    watchers?.get(watcherId)?.cancel();
    watchers?.delete(watcherId);
    this.applyMode(profileId);
    return { profileId, watchers: watchers?.size ?? 0 };
  }

  async snapshot(profileId: string, options: { fresh: boolean; includeStorage: boolean }): Promise<HealthSnapshot> {
    const poller = await this.pollerOf(profileId);
    if (options.fresh || options.includeStorage || poller.snapshot().sampledAt === null) {
      return poller.tickNow({ includeStorage: options.includeStorage });
    }
    return poller.snapshot();
  }

  async history(profileId: string, range: 'live' | 'day'): Promise<HealthHistory> {
    await this.pollerOf(profileId);
    return this.historyOf(profileId).read(range, this.clock.now());
  }

  async refreshStorage(profileId: string): Promise<HealthPanels['storage']> {
    return (await this.pollerOf(profileId)).refreshStorage();
  }

  async settings(profileId: string): Promise<HealthProfileSettings> {
    this.deps.profiles.get(profileId);
    await this.settingsStore.load();
    return this.settingsStore.get(profileId);
  }

  async updateSettings(input: RequestParsed<'health.thresholds.set'>): Promise<HealthProfileSettings> {
    this.deps.profiles.get(profileId(input));
    const { profileId: id, ...change } = input;
    const settings = await this.settingsStore.update(id, change);
    if (this.pollers.has(id)) this.applyMode(id);
    return settings;
  }

  async signalSession(action: 'cancel' | 'terminate', input: RequestParsed<'health.cancelQuery'>): Promise<SessionActionResult> {
    const poller = await this.pollerOf(input.profileId);
    const pollerPid = poller.snapshot().server?.pollerPid;
    const client = await this.openConnection(input.profileId);
    try {
      return await signalSession(client, action, input, new Set(pollerPid ? [pollerPid] : []));
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** Stops every poller and writes the minute in progress (the host's shutdown). */
  async dispose(): Promise<void> {
    for (const watchers of this.watches.values()) for (const watch of watchers.values()) watch.cancel();
    this.watches.clear();
    await Promise.all([...this.pollers.values()].map((poller) => poller.stop()));
  }

  /** The poller's counted round trips (tests and the bench compare it with the server's own count). */
  roundTripsOf(profileId: string): number {
    return this.pollers.get(profileId)?.roundTrips ?? 0;
  }

  private readonly histories = new Map<string, HealthHistoryStore>();
  private historyOf(profileId: string): HealthHistoryStore {
    let history = this.histories.get(profileId);
    if (!history) this.histories.set(profileId, (history = new HealthHistoryStore(profileId, this.deps.folder)));
    return history;
  }

  private watchInterval(profileId: string): number | null {
    const watchers = [...(this.watches.get(profileId)?.values() ?? [])];
    return watchers.length ? Math.min(...watchers.map((w) => w.intervalMs)) : null;
  }

  private applyMode(profileId: string): void {
    const poller = this.pollers.get(profileId);
    if (!poller) return;
    const intervalMs = this.watchInterval(profileId);
    if (intervalMs !== null) poller.setMode({ kind: 'watching', intervalMs });
    else if (this.settingsStore.get(profileId).alertsEnabled) poller.setMode({ kind: 'background' });
    else poller.setMode({ kind: 'idle' });
  }

  private async openConnection(profileId: string, extra: Partial<pg.ClientConfig> = {}): Promise<pg.Client> {
    const resolved = await this.deps.connections.resolve({ profile: this.deps.profiles.get(profileId) });
    return openClient({ ...resolved, clientConfig: { ...resolved.clientConfig, application_name: pollerApplicationName, ...extra } });
  }

  /** The storage panel on its own connection, so a slow size query never holds up a tick; the same statement_timeout. */
  private async readStorage(profileId: string, settings: HealthProfileSettings): Promise<HealthPanels['storage']> {
    const client = await this.openConnection(profileId, { statement_timeout: this.statementTimeoutMs, lock_timeout: Math.ceil(this.statementTimeoutMs / 4) });
    try {
      return await readStoragePanel(client, settings);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private async pollerOf(profileId: string): Promise<HealthPoller> {
    const profile = this.deps.profiles.get(profileId);
    await this.settingsStore.load();
    let poller = this.pollers.get(profileId);
    if (poller) return poller;
    poller = new HealthPoller({
      profileId,
      profileName: () => profile.name,
      connect: () => this.openConnection(profileId, { statement_timeout: this.statementTimeoutMs, lock_timeout: Math.ceil(this.statementTimeoutMs / 4) }),
      storage: (_facts, settings) => this.readStorage(profileId, settings),
      settings: () => this.settingsStore.get(profileId),
      history: this.historyOf(profileId),
      ticker: this.ticker,
      clock: this.clock,
      statementTimeoutMs: this.statementTimeoutMs,
      emit: (event) => this.deps.emit(event),
      onRed: (check, snapshot) => this.tellRed(check, snapshot),
    });
    this.pollers.set(profileId, poller);
    this.applyMode(profileId);
    return poller;
  }

  private tellRed(check: HealthCheckResult, snapshot: HealthSnapshot): void {
    if (!this.settingsStore.get(snapshot.profileId).alertsEnabled || check.value === null) return;
    const event: TidemarkEvent = {
      type: 'health.threshold',
      at: this.clock.now().toISOString(),
      profileId: snapshot.profileId,
      profileName: snapshot.profileName,
      check: check.name,
      checkLabel: healthCheckDefinitions[check.name].label,
      value: check.value,
      unit: check.unit,
      redThreshold: check.threshold.red,
      detail: check.detail,
    };
    void this.deps.publish(event, snapshot.profileId).catch(() => undefined);
  }
}

function profileId(input: { profileId: string }): string {
  return input.profileId;
}

export function healthFolder(home: string): string {
  return join(home, 'health');
}
