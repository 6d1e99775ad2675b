import { _electron as electron, type ElectronApplication, type Page } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export type ElectronBinary = { present: true; path: string } | { present: false; reason: string };

/**
 * Where the Electron binary is, found the way node_modules/electron/index.js finds it, without
 * calling it: `require('electron')` tries to download a missing binary, and there is no network
 * for that here (ELECTRON_SKIP_BINARY_DOWNLOAD=1).
 */
export function findElectronBinary(): ElectronBinary {
  const missing =
    'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1 / no network to download it); run `npx electron --version` after a normal npm install to enable';
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { present: false, reason: 'the electron package is not installed (npm install)' };
  }
  const pathFile = join(packageDir, 'path.txt');
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const path = override ? join(override, executable ?? 'electron') : executable ? join(packageDir, 'dist', executable) : null;
  if (!path || !existsSync(path)) return { present: false, reason: missing };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { present: false, reason: "no display for Electron's window (DISPLAY unset): run the Electron project under xvfb-run" };
  }
  return { present: true, path };
}

export interface TidemarkApp {
  app: ElectronApplication;
  /** The app's one window, showing app://tidemark/index.html. */
  window: Page;
  /** This run's TIDEMARK_HOME (settings, secrets, clusters), removed by close(). */
  home: string;
  close(): Promise<void>;
}

/** Launches the built app (npm run build) on a fresh, empty TIDEMARK_HOME. */
export async function launchTidemark(): Promise<TidemarkApp> {
  for (const built of ['dist/electron/main.js', 'dist/electron/preload.cjs', 'dist/renderer/index.html']) {
    if (!existsSync(join(repoRoot, built))) throw new Error(`${built} is missing: run \`npm run build\` before the Electron E2E.`);
  }
  const home = await mkdtemp(join(tmpdir(), 'tidemark-electron-e2e-'));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
  env.TIDEMARK_HOME = home;
  // The 0600 pgpass file, not the developer's own keychain (the keychain is tested against a private gnome-keyring).
  env.TIDEMARK_SECRET_STORE = 'pgpass-file';
  // Playwright finds the binary itself (require('electron/index.js')) and preloads its loader,
  // which holds `ready` until it is attached; findElectronBinary() has made sure nothing downloads.
  const app = await electron.launch({ args: [repoRoot], cwd: repoRoot, env });
  const window = await app.firstWindow();
  await window.waitForURL(/^app:\/\/tidemark\//);
  return {
    app,
    window,
    home,
    async close() {
      await app.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}
