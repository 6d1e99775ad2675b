import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BridgeProvider } from '../bridge/bridge-context';
import type { RendererBridge } from '../bridge/connect-bridge';
import { TidemarkShell } from './app-shell';
import { BrowserDesktopNotices } from './browser-notifications';
import { CurrentPage } from './current-page';
import { useRoute } from './routes';
import { theme } from './theme';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // A failed request is an answer (a wrong password stays wrong): show it at once, never retry.
      queries: { retry: false, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

export function App({ bridge, queryClient }: { bridge: RendererBridge; queryClient: QueryClient }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="bottom-right" autoClose={4000} />
      <BridgeProvider bridge={bridge}>
        <QueryClientProvider client={queryClient}>
          <BrowserDesktopNotices />
          <Routed />
        </QueryClientProvider>
      </BridgeProvider>
    </MantineProvider>
  );
}

function Routed() {
  const route = useRoute();
  return (
    <TidemarkShell route={route}>
      <CurrentPage route={route} />
    </TidemarkShell>
  );
}
