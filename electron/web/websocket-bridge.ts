import type { WebSocket } from 'ws';
import type { BridgeClientMessage, BridgeServerMessage } from '../../shared/contract/bridge-protocol';
import { dispatch, type Handlers } from '../api/dispatch';
import type { Services } from '../api/services';

/**
 * Serves the contract over one WebSocket: each `invoke` goes through dispatch() (the contract's
 * schema validates it, exactly as for Electron's IPC) and gets one `result` back; every event of
 * the services is pushed to the client.
 */
export function serveBridgeConnection(socket: WebSocket, services: Services, handlers: Handlers): void {
  const send = (message: BridgeServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const unsubscribe = services.events.subscribe((name, payload) => send({ type: 'event', name, payload } as BridgeServerMessage));
  socket.on('close', unsubscribe);
  socket.on('error', unsubscribe);

  socket.on('message', async (data, isBinary) => {
    const message = isBinary ? null : parseClientMessage(data.toString());
    if (!message) {
      // Without a usable id there is nobody to answer: the client is not ours.
      socket.close(1003, 'Expected {type:"invoke", id, name, input} as JSON text.');
      return;
    }
    const outcome = await dispatch(handlers, message.name, message.input);
    send({ type: 'result', id: message.id, outcome });
  });
}

function parseClientMessage(text: string): BridgeClientMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const candidate = value as Record<string, unknown>;
  if (candidate.type !== 'invoke' || typeof candidate.id !== 'number' || !Number.isSafeInteger(candidate.id)) return null;
  // The name and input are checked by dispatch(), which answers unknown or invalid ones as values.
  return { type: 'invoke', id: candidate.id, name: candidate.name as BridgeClientMessage['name'], input: candidate.input };
}
