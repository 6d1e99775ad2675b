/** Whether browser mode's WebSocket is up (the Electron preload is always connected). */
export type BridgeConnectionState = 'connecting' | 'open' | 'closed';

export interface BridgeConnection {
  connectionState(): BridgeConnectionState;
  onConnectionChange(listener: (state: BridgeConnectionState) => void): () => void;
}
