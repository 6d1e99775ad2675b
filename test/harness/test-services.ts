import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices, type Services } from '../../electron/api/services';
import { MemorySecretStore, type SecretStore } from '../../electron/profiles/secret-store';
import { openFileSettings } from '../../electron/settings/settings-store';
import type { Clock } from '../../electron/scheduler/schedule-runner';
import type { Ticker } from '../../electron/health/poll-schedule';

/** Services over a fresh temporary home (its own settings file), as the CLI would build them. */
export interface TestServices {
  services: Services;
  home: string;
  cleanup(): Promise<void>;
}

export async function createTestServices(
  options: { secrets?: (home: string) => SecretStore; clock?: Clock; home?: string; healthTicker?: Ticker } = {},
): Promise<TestServices> {
  const home = options.home ?? (await mkdtemp(join(tmpdir(), 'tidemark-home-')));
  const secrets = options.secrets?.(home) ?? new MemorySecretStore();
  const services = createServices({
    host: 'cli',
    homeDir: home,
    settings: openFileSettings(home),
    secrets,
    clock: options.clock,
    healthTicker: options.healthTicker,
  });
  return { services, home, cleanup: () => rm(home, { recursive: true, force: true }) };
}
