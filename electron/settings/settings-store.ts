import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

/**
 * Settings for plain-Node hosts (CLI, browser mode, tests): `<home>/settings.json`, the file and
 * format electron-store (conf underneath) keeps for the app: one JSON object, tab-indented. Read
 * again whenever the file changed, so the app, the CLI and a daemon see each other's edits; written
 * whole through a temporary file and a rename. Not conf itself: loading it (and its schema
 * validator) took a third of `tidemark --help`'s start-up.
 */
export class FileSettings implements SettingsStore {
  readonly path: string;
  private cached: { mtimeMs: number; size: number; value: Partial<AppSettings> } | undefined;

  constructor(home: string) {
    this.path = join(home, `${settingsFileName}.json`);
  }

  get<K extends keyof AppSettings>(key: K): AppSettings[K] {
    return (this.read()[key] ?? defaultSettings[key]) as AppSettings[K];
  }

  set<K extends keyof AppSettings>(key: K, value: AppSettings[K]): void {
    const next = { ...defaultSettings, ...this.read(), [key]: value };
    mkdirSync(join(this.path, '..'), { recursive: true });
    const temporary = `${this.path}.${process.pid}.tmp`;
    try {
      writeFileSync(temporary, JSON.stringify(next, undefined, '\t'), { mode: 0o600 });
      renameSync(temporary, this.path);
    } catch (error) {
      rmSync(temporary, { force: true });
      throw error;
    }
    this.cached = undefined;
  }

  private read(): Partial<AppSettings> {
    let facts;
    try {
      facts = statSync(this.path);
    } catch {
      return {};
    }
    if (this.cached && this.cached.mtimeMs === facts.mtimeMs && this.cached.size === facts.size) return this.cached.value;
    const text = readFileSync(this.path, 'utf8');
    let value: Partial<AppSettings>;
    try {
      value = text.trim() ? (JSON.parse(text) as Partial<AppSettings>) : {};
    } catch (error) {
      throw new Error(`${this.path} is not valid JSON (${(error as Error).message}): fix or move it away; Tidemark then starts with empty settings.`, {
        cause: error,
      });
    }
    this.cached = { mtimeMs: facts.mtimeMs, size: facts.size, value };
    return value;
  }
}

export function openFileSettings(home: string): SettingsStore {
  return new FileSettings(home);
}
