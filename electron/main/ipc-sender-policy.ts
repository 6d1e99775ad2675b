import { isAppUrl } from './app-origin';

/** The frame an IPC message came from, as far as the sender check needs it. */
export interface IpcSenderFrame {
  url: string;
  /** True for a window's top-level frame; false for an iframe. */
  isMainFrame: boolean;
}

/**
 * Requests are served only to the main frame of our own page: not to an iframe, not to a page the
 * window was somehow navigated to, not to a frame already gone (null). VS Code checks the same in
 * its one ipcMain wrapper (src/vs/base/parts/ipc/electron-main/ipcMain.ts).
 */
export function isTrustedSender(frame: IpcSenderFrame | null): boolean {
  return frame !== null && frame.isMainFrame && isAppUrl(frame.url);
}
