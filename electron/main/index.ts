import { app, BrowserWindow, dialog, Menu, powerMonitor, session } from 'electron';
import { join } from 'node:path';
import { createHandlers } from '../api/handlers';
import { createServices } from '../api/services';
import { openSecretStore } from '../profiles/open-secret-store';
import { tidemarkHomeDir } from '../settings/tidemark-home';
import { buildApplicationMenu } from './application-menu';
import { showDesktopNotifications } from './desktop-notifications';
import { openElectronSettings } from './electron-settings';
import { serveContractOverIpc } from './ipc';
import { registerAppScheme, serveRendererFiles } from './protocol';
import { stopServicesOnQuit } from './quit-sequence';
import { moveSafeStorageSecrets } from './safe-storage-secrets';
import { applySessionPolicy } from './session-policy';
import { shellPaths } from './shell-paths';
import { guardWebContents } from './web-contents-guard';
import { createMainWindow, focusWindow } from './window';

// Everything up to app.whenReady() must run synchronously at the top level: Electron accepts
// userData, the sandbox switch and privileged schemes only before `ready`, and an ES-module main
// that awaited first could miss it (Electron's ESM guide).

const home = tidemarkHomeDir();
// One folder for the app, the CLI and browser mode, so all three see the same settings.json.
app.setPath('userData', home);
// Chromium's own files (caches, local storage) go in a subfolder, not among the user's data.
app.setPath('sessionData', join(home, 'electron-session'));
app.setName('Tidemark');
// Sandbox every renderer, whatever a window's options say.
app.enableSandbox();
registerAppScheme();

// The lock lives in userData, so two copies with different TIDEMARK_HOMEs (tests) both run, and
// two on the same home do not fight over its settings and clusters.
if (app.requestSingleInstanceLock()) {
  startShell();
} else {
  app.quit();
}

function startShell(): void {
  const paths = shellPaths(import.meta.url);
  let mainWindow: BrowserWindow | null = null;

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));
  app.on('second-instance', () => {
    // Launching Tidemark again brings back the running one (with a window, even on macOS after closing it).
    if (mainWindow && !mainWindow.isDestroyed()) focusWindow(mainWindow);
    else if (app.isReady()) mainWindow = createMainWindow(paths);
  });
  app.on('window-all-closed', () => {
    // macOS apps stay in the dock with no window; elsewhere closing the last window quits.
    if (process.platform !== 'darwin') app.quit();
  });

  app
    .whenReady()
    .then(async () => {
      applySessionPolicy(session.defaultSession);
      serveRendererFiles(paths.rendererDir);
      // The same store as the CLI, browser mode and the daemon: the OS keychain, else the pgpass file.
      const secrets = openSecretStore({ homeDir: home });
      const services = createServices({ host: 'electron', homeDir: home, settings: openElectronSettings(home), secrets });
      const storage = await secrets.storage();
      console.info(`Saved passwords are kept in ${storage.location}${storage.fallbackReason ? ` (${storage.fallbackReason})` : ''}.`);
      await moveSafeStorageSecrets(home, secrets, services.profiles.list());
      serveContractOverIpc(services, createHandlers(services));
      showDesktopNotifications(services.events);
      stopServicesOnQuit(services);
      const runner = services.scheduler.startRunner('electron');
      // Slots are decided from the wall clock: look again at once after sleep or a locked screen.
      powerMonitor.on('resume', () => void runner.tick());
      powerMonitor.on('unlock-screen', () => void runner.tick());
      Menu.setApplicationMenu(buildApplicationMenu({ isDevelopment: !app.isPackaged }));
      mainWindow = createMainWindow(paths);
      app.on('activate', () => {
        if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow(paths);
      });
    })
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      console.error('Tidemark could not start:', error);
      dialog.showErrorBox('Tidemark could not start', `${message}\n\nData folder: ${home}`);
      app.exit(1);
    });
}
