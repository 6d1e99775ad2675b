import type { EventName, EventPayload, Outcome, RequestInput, RequestName, RequestOutput, TidemarkApi } from '../../shared/contract';
import type { BridgeClientMessage, BridgeServerMessage } from '../../shared/contract/bridge-protocol';
import type { ErrorPayload } from '../../shared/domain/errors';
import type { BridgeConnection, BridgeConnectionState } from './bridge-connection';

interface PendingRequest {
  text: string;
  sent: boolean;
  resolve(outcome: Outcome<unknown>): void;
}

const connectionLost: ErrorPayload = {
  code: 'internal',
  message: 'The connection to the Tidemark server was lost before it answered.',
  hint: 'Check that `npm run web` is still running; Tidemark reconnects by itself when it is back.',
};
const maxRetryDelayMs = 10_000;

/**
 * The contract over browser mode's WebSocket bridge (see electron/web). Requests made while
 * the socket is down wait for the reconnection; requests already sent when it drops fail with
 * an error value, since the server may or may not have run them.
 */
export function createWebSocketApi(bridgeUrl: string): TidemarkApi & BridgeConnection {
  const pending = new Map<number, PendingRequest>();
  const eventListeners = new Map<EventName, Set<(payload: never) => void>>();
  const stateListeners = new Set<(state: BridgeConnectionState) => void>();
  let state: BridgeConnectionState = 'connecting';
  let socket: WebSocket | null = null;
  let nextId = 1;
  let retryDelayMs = 500;

  function setState(next: BridgeConnectionState) {
    state = next;
    for (const listener of stateListeners) listener(next);
  }

  function connect() {
    const ws = new WebSocket(bridgeUrl);
    socket = ws;
    ws.onopen = () => {
      retryDelayMs = 500;
      setState('open');
      for (const request of pending.values()) {
        if (!request.sent) {
          ws.send(request.text);
          request.sent = true;
        }
      }
    };
    ws.onmessage = (event) => receive(String(event.data));
    ws.onclose = () => {
      socket = null;
      for (const [id, request] of pending) {
        if (request.sent) {
          pending.delete(id);
          request.resolve({ ok: false, error: connectionLost });
        }
      }
      setState('closed');
      setTimeout(connect, retryDelayMs);
      retryDelayMs = Math.min(retryDelayMs * 2, maxRetryDelayMs);
    };
  }

  function receive(text: string) {
    let message: BridgeServerMessage;
    try {
      message = JSON.parse(text) as BridgeServerMessage;
    } catch {
      return;
    }
    if (message.type === 'result') {
      const request = pending.get(message.id);
      pending.delete(message.id);
      request?.resolve(message.outcome);
    } else if (message.type === 'event') {
      for (const listener of eventListeners.get(message.name) ?? []) listener(message.payload as never);
    }
  }

  connect();

  return {
    invoke<K extends RequestName>(name: K, input: RequestInput<K>): Promise<Outcome<RequestOutput<K>>> {
      return new Promise((resolve) => {
        const id = nextId++;
        const message: BridgeClientMessage = { type: 'invoke', id, name, input };
        const request: PendingRequest = { text: JSON.stringify(message), sent: false, resolve: resolve as PendingRequest['resolve'] };
        pending.set(id, request);
        if (socket?.readyState === WebSocket.OPEN) {
          socket.send(request.text);
          request.sent = true;
        }
      });
    },
    on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
      let listeners = eventListeners.get(name);
      if (!listeners) eventListeners.set(name, (listeners = new Set()));
      const entry = listener as (payload: never) => void;
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
    connectionState: () => state,
    onConnectionChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
  };
}
