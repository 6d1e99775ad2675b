import { createContext, useContext, type ReactNode } from 'react';
import type { RendererBridge } from './connect-bridge';

const BridgeContext = createContext<RendererBridge | null>(null);

export function BridgeProvider({ bridge, children }: { bridge: RendererBridge; children: ReactNode }) {
  return <BridgeContext.Provider value={bridge}>{children}</BridgeContext.Provider>;
}

export function useBridge(): RendererBridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('useBridge() outside <BridgeProvider>.');
  return bridge;
}
