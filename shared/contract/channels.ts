import type { EventName, EventPayload, RequestName } from './index';

/**
 * The only two Electron IPC channels: every request of the contract travels on `invoke`, every
 * event stream on `event`, each message naming its request or event. The preload and the main
 * process take these names from here; nothing else names a channel.
 *
 * Type imports only: the sandboxed preload bundles this file and can require nothing but `electron`.
 */
export const ipcChannels = {
  invoke: 'tidemark:invoke',
  event: 'tidemark:event',
} as const;

/** Renderer → main on `ipcChannels.invoke`. The main process trusts none of it until dispatch() has validated it. */
export interface InvokeMessage {
  name: RequestName;
  input: unknown;
}

/** Main → every window on `ipcChannels.event`. */
export type EventMessage = { [E in EventName]: { name: E; payload: EventPayload<E> } }[EventName];
