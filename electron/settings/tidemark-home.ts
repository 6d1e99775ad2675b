import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The app's data folder: settings, the sandbox and recovered clusters, the default repository.
 * It is the same folder Electron uses as userData, so the app, the CLI and browser mode share
 * one set of profiles. TIDEMARK_HOME overrides it (tests give each run its own).
 */
export function tidemarkHomeDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.TIDEMARK_HOME) return env.TIDEMARK_HOME;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Tidemark');
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Tidemark');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Tidemark');
}

export interface TidemarkPaths {
  home: string;
  /** The default backup repository (profiles may name their own). */
  repositoryDir: string;
  /** Clusters Tidemark manages: the sandbox, recovered copies. */
  clustersDir: string;
}

export function tidemarkPaths(home: string): TidemarkPaths {
  return {
    home,
    repositoryDir: join(home, 'repository'),
    clustersDir: join(home, 'clusters'),
  };
}
