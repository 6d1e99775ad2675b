export interface AppInfo {
  version: string;
  /** Which shell hosts the services: the Electron app, browser mode, or the CLI. */
  host: 'electron' | 'web' | 'cli';
  /** The app's data folder (settings, sandbox, default repository). */
  homeDir: string;
  /** The default backup repository folder. */
  repositoryDir: string;
  platform: string;
  runningAsRoot: boolean;
  /** Which store holds saved passwords: the OS keychain, or (where there is none) a 0600 pgpass file. */
  secretStorage: SecretStorageKind;
  /** Where, in words: "the OS keychain (Secret Service)", or the pgpass file's path. */
  secretStorageLocation: string;
  /** Why the OS keychain is not used (what the probe found, or TIDEMARK_SECRET_STORE); null when it is. */
  secretStorageFallbackReason: string | null;
}

/** The one secret store the app, the CLI, browser mode and the daemon share (memory: tests only). */
export type SecretStorageKind = 'os-keychain' | 'pgpass-file' | 'memory';
