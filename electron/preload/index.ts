import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EventName, EventPayload, Outcome, RequestInput, RequestName, RequestOutput, TidemarkApi } from '../../shared/contract';
import { ipcChannels, type EventMessage, type InvokeMessage } from '../../shared/contract/channels';

// A sandboxed preload can require only `electron`: everything else from shared/ is imported as
// types, and the bundle (dist/electron/preload.cjs) is checked to require nothing more.

type PayloadListener = (payload: unknown) => void;

// One IPC listener fans out to every subscriber, so many React hooks do not pile up listeners on
// the channel (EventEmitter warns past ten).
const listenersByEvent = new Map<string, Set<PayloadListener>>();

ipcRenderer.on(ipcChannels.event, (_event: IpcRendererEvent, message: EventMessage) => {
  const listeners = listenersByEvent.get(message.name);
  if (!listeners) return;
  for (const listener of [...listeners]) {
    try {
      listener(message.payload);
    } catch (error) {
      // One broken subscriber must not keep the event from the others.
      console.error(`A listener for ${message.name} failed:`, error);
    }
  }
});

const tidemark: TidemarkApi = {
  invoke<K extends RequestName>(name: K, input: RequestInput<K>): Promise<Outcome<RequestOutput<K>>> {
    const message: InvokeMessage = { name, input };
    // The main process answers every request with an Outcome; a rejection means the request never
    // reached a handler (e.g. the sender was refused), and it too becomes an error value.
    return ipcRenderer.invoke(ipcChannels.invoke, message).catch((error: unknown) => ({
      ok: false as const,
      error: { code: 'internal' as const, message: error instanceof Error ? error.message : String(error) },
    }));
  },
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    let listeners = listenersByEvent.get(name);
    if (!listeners) {
      listeners = new Set();
      listenersByEvent.set(name, listeners);
    }
    const subscriber = listener as PayloadListener;
    listeners.add(subscriber);
    return () => {
      listeners.delete(subscriber);
    };
  },
};

// The whole of what the page can reach: two functions, no ipcRenderer, no Node.
contextBridge.exposeInMainWorld('tidemark', tidemark);
