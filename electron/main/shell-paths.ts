import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the built shell finds its parts; main.js is dist/electron/main.js (scripts/build.mjs). */
export interface ShellPaths {
  /** dist/electron/preload.cjs: CommonJS, because a sandboxed preload cannot be an ES module. */
  preload: string;
  /** dist/renderer: the Vite build served at app://tidemark/. */
  rendererDir: string;
  /** The window icon (Linux and Windows; macOS takes the bundle's). */
  windowIcon: string;
}

export function shellPaths(mainModuleUrl: string): ShellPaths {
  const builtShellDir = dirname(fileURLToPath(mainModuleUrl));
  const appRoot = join(builtShellDir, '..', '..');
  return {
    preload: join(builtShellDir, 'preload.cjs'),
    rendererDir: join(appRoot, 'dist', 'renderer'),
    windowIcon: join(appRoot, 'resources', 'icons', 'tidemark.png'),
  };
}
