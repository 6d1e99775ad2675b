import Conf from 'conf';
import type { ConnectionProfile } from '../../shared/domain/profile';

/** A cluster Tidemark created and runs as the invoking user (the sandbox, later recovered copies). */
export interface ManagedClusterRecord {
  id: string;
  /** What it is for people: "Sandbox", "Recovered copy of prod at 14:31". */
  name: string;
  role: 'sandbox' | 'recovered';
  dataDir: string;
  /**
   * The folder holding its server.log, pgpass and socket folder, when that is not the data
   * directory's parent (a recovered copy whose data directory the user chose).
   */
  folder?: string;
  port: number;
  binDir: string;
  majorVersion: number;
  createdAt: string;
  /** Leave it running when the app quits. */
  keepRunning: boolean;
  profileId: string | null;
  /** Where it archives WAL, if it does. */
  archiveDir: string | null;
}

export interface AppSettings {
  profiles: ConnectionProfile[];
  /** A bin folder searched before PATH and the well-known places. */
  toolOverrideDir: string | null;
  /** Overrides the default repository folder. */
  repositoryDir: string | null;
  managedClusters: ManagedClusterRecord[];
}

export const defaultSettings: AppSettings = {
  profiles: [],
  toolOverrideDir: null,
  repositoryDir: null,
  managedClusters: [],
};

/** The part of conf / electron-store the services use; electron-store is conf underneath, same file. */
export interface SettingsStore {
  get<K extends keyof AppSettings>(key: K): AppSettings[K];
  set<K extends keyof AppSettings>(key: K, value: AppSettings[K]): void;
}

export const settingsFileName = 'settings';

/** Settings for plain-Node hosts (CLI, browser mode, tests): `<home>/settings.json`. */
export function openFileSettings(home: string): SettingsStore {
  return new Conf<AppSettings>({ cwd: home, configName: settingsFileName, defaults: defaultSettings, projectName: 'tidemark' });
}
