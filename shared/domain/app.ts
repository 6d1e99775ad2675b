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
  /** Whether saved passwords are encrypted by the OS keychain (Electron) or kept in a pgpass file. */
  secretStorage: 'os-keychain' | 'pgpass-file' | 'memory';
}
