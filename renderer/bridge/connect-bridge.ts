import type { TidemarkApi } from '../../shared/contract';
import { bridgePath } from '../../shared/contract/bridge-protocol';
import type { BridgeConnection } from './bridge-connection';
import { createWebSocketApi } from './websocket-api';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in browser mode. */
    tidemark?: TidemarkApi;
  }
}

export interface RendererBridge {
  api: TidemarkApi;
  /** Browser mode only: the WebSocket's state, for the "reconnecting" banner. */
  connection: BridgeConnection | null;
}

/**
 * The contract in use: the Electron preload's `window.tidemark`, else browser mode's WebSocket
 * bridge on the server that served this page, with the token the page was opened with.
 */
export function connectBridge(): RendererBridge {
  if (window.tidemark) return { api: window.tidemark, connection: null };
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const api = createWebSocketApi(`${scheme}//${window.location.host}${bridgePath}?token=${encodeURIComponent(token)}`);
  return { api, connection: api };
}
