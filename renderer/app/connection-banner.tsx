import { Alert } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { BridgeConnection } from '../bridge/bridge-connection';
import { useBridge } from '../bridge/bridge-context';

const alwaysOpen = () => 'open' as const;
const noSubscription = () => () => undefined;

/** Browser mode: says so when the server is unreachable, and refreshes everything once it is back. */
export function ConnectionBanner() {
  const { connection } = useBridge();
  const state = useSyncExternalStore(
    connection ? (listener) => connection.onConnectionChange(listener) : noSubscription,
    connection ? () => connection.connectionState() : alwaysOpen,
  );
  useRefreshAfterReconnect(connection, state);
  if (state !== 'closed') return null;
  return (
    <Alert color="orange" icon={<IconPlugConnectedX />} title="Not connected to the Tidemark server" mb="lg" data-testid="connection-banner">
      Reconnecting… If you stopped <code>npm run web</code>, start it again and open the new address it prints.
    </Alert>
  );
}

function useRefreshAfterReconnect(connection: BridgeConnection | null, state: string) {
  const queryClient = useQueryClient();
  const wasClosed = useRef(false);
  useEffect(() => {
    if (!connection) return;
    if (state === 'closed') wasClosed.current = true;
    else if (state === 'open' && wasClosed.current) {
      wasClosed.current = false;
      void queryClient.invalidateQueries();
    }
  }, [connection, queryClient, state]);
}
