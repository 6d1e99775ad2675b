import type { EventName, EventPayload, Outcome, RequestName } from './index';

/**
 * Browser mode's WebSocket wire format: the same contract as Electron's IPC, as JSON messages.
 * The client sends `invoke`; the server answers each with one `result` carrying the same id, and
 * pushes every event of the contract as `event`.
 */
export type BridgeClientMessage = { type: 'invoke'; id: number; name: RequestName; input: unknown };

export type BridgeServerMessage =
  { type: 'result'; id: number; outcome: Outcome<unknown> } | { [E in EventName]: { type: 'event'; name: E; payload: EventPayload<E> } }[EventName];

/** The path of the WebSocket endpoint; the access token goes in its `?token=` query. */
export const bridgePath = '/bridge';
