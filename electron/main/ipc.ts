import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { ipcChannels, type EventMessage } from '../../shared/contract/channels';
import { dispatch, type Handlers } from '../api/dispatch';
import type { Services } from '../api/services';
import { isAppUrl } from './app-origin';
import { isTrustedSender, type IpcSenderFrame } from './ipc-sender-policy';

/**
 * The one place the main process listens to renderers: every request of the contract arrives on
 * one channel, from a checked sender, and goes through dispatch(), which validates it against
 * the contract's schema. Every event of the services goes out to our windows on one channel.
 * Returns a function that stops both.
 */
export function serveContractOverIpc(services: Services, handlers: Handlers): () => void {
  ipcMain.handle(ipcChannels.invoke, async (event, message: unknown) => {
    if (!isTrustedSender(senderFrameOf(event))) {
      console.warn(`Refused a request from an untrusted sender (${event.senderFrame ? 'not the main frame of a Tidemark page' : 'a frame already gone'}).`);
      throw new Error('Tidemark refused this request: it did not come from a Tidemark window.');
    }
    const { name, input } = readInvokeMessage(message);
    return dispatch(handlers, name, input);
  });

  const stopForwardingEvents = services.events.subscribe((name, payload) => {
    const message = { name, payload } as EventMessage;
    for (const window of BrowserWindow.getAllWindows()) {
      const contents = window.webContents;
      // Only our own pages hear job logs; a window showing anything else (it should not) hears nothing.
      if (!contents.isDestroyed() && isAppUrl(contents.getURL())) contents.send(ipcChannels.event, message);
    }
  });

  return () => {
    ipcMain.removeHandler(ipcChannels.invoke);
    stopForwardingEvents();
  };
}

function senderFrameOf(event: IpcMainInvokeEvent): IpcSenderFrame | null {
  const frame = event.senderFrame;
  // A sender that is not one of our BrowserWindows (devtools, a stray web contents) is nobody.
  if (!frame || !BrowserWindow.fromWebContents(event.sender)) return null;
  return { url: frame.url, isMainFrame: frame.parent === null };
}

/** The name and input of a message, whatever shape it came in; dispatch() rejects what is wrong with them. */
function readInvokeMessage(message: unknown): { name: unknown; input: unknown } {
  if (typeof message !== 'object' || message === null) return { name: undefined, input: undefined };
  const { name, input } = message as { name?: unknown; input?: unknown };
  return { name, input };
}
