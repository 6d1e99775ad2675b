import { BrowserWindow } from 'electron';
import { appEntryUrl } from './app-origin';
import type { ShellPaths } from './shell-paths';

/**
 * The app's window: the renderer from app:// with the preload's window.tidemark as its only
 * bridge. Every option below is Electron's secure default or stricter, spelled out so a change
 * to any of them shows in review. Navigation and new windows are guarded for every web contents
 * in web-contents-guard.ts.
 */
export function createMainWindow(paths: ShellPaths): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    title: 'Tidemark',
    icon: paths.windowIcon,
    show: false,
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
    },
  });
  // Shown once painted, so the user never sees an empty white frame.
  window.once('ready-to-show', () => window.show());
  window.loadURL(appEntryUrl).catch((error: unknown) => {
    console.error(`Could not load ${appEntryUrl}:`, error);
    window.show();
  });
  return window;
}

/** Brings a window to the front (a second launch of the app lands here). */
export function focusWindow(window: BrowserWindow): void {
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}
