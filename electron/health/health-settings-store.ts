import { join } from 'node:path';
import {
  healthCheckDefinitions,
  healthCheckNames,
  healthIntervalSeconds,
  type HealthCheckName,
  type HealthProfileSettings,
  type HealthThresholds,
  type Threshold,
} from '../../shared/domain/health';
import { writeFileAtomic } from '../repository/atomic-file';
import { parseJsonOrUndefined, readOptionalText } from '../notifications/json-file';

interface StoredSettings {
  intervalSeconds?: number;
  alertsEnabled?: boolean;
  thresholds?: Partial<Record<HealthCheckName, Threshold>>;
}

/** Per-profile dashboard settings in `<app data>/health/settings.json`: only what differs from the defaults is kept. */
export class HealthSettingsStore {
  private cache: Record<string, StoredSettings> | null = null;

  constructor(private readonly folder: string) {}

  private get file(): string {
    return join(this.folder, 'settings.json');
  }

  async load(): Promise<void> {
    if (this.cache) return;
    const parsed = parseJsonOrUndefined((await readOptionalText(this.file)) ?? '{}');
    this.cache = parsed && typeof parsed === 'object' ? (parsed as Record<string, StoredSettings>) : {};
  }

  /** Synchronous after load(): the poller reads it at every tick. */
  get(profileId: string): HealthProfileSettings {
    const stored = this.cache?.[profileId] ?? {};
    const thresholds = Object.fromEntries(
      healthCheckNames.map((name) => [name, stored.thresholds?.[name] ?? healthCheckDefinitions[name].defaults]),
    ) as HealthThresholds;
    return {
      profileId,
      intervalSeconds: stored.intervalSeconds ?? healthIntervalSeconds.default,
      alertsEnabled: stored.alertsEnabled ?? false,
      thresholds,
      customised: healthCheckNames.filter((name) => stored.thresholds?.[name] !== undefined),
    };
  }

  async update(
    profileId: string,
    change: { thresholds?: Partial<Record<HealthCheckName, Threshold>>; reset?: HealthCheckName[]; intervalSeconds?: number; alertsEnabled?: boolean },
  ): Promise<HealthProfileSettings> {
    await this.load();
    const stored: StoredSettings = { ...(this.cache![profileId] ?? {}) };
    const thresholds = { ...(stored.thresholds ?? {}), ...(change.thresholds ?? {}) };
    for (const name of change.reset ?? []) delete thresholds[name];
    stored.thresholds = thresholds;
    if (change.intervalSeconds !== undefined) stored.intervalSeconds = change.intervalSeconds;
    if (change.alertsEnabled !== undefined) stored.alertsEnabled = change.alertsEnabled;
    this.cache![profileId] = stored;
    await writeFileAtomic(this.file, `${JSON.stringify(this.cache, null, 2)}\n`);
    return this.get(profileId);
  }
}
