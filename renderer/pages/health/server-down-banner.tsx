import { Alert, Text } from '@mantine/core';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { HealthPollState } from '../../../shared/domain/health';

type Down = Extract<HealthPollState, { kind: 'down' }>;

/** Seconds until the next retry, ticking once a second only while the banner is shown. */
function useSecondsUntil(iso: string): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, Math.ceil((Date.parse(iso) - now) / 1_000));
}

/** The server stopped answering: why, since when, and when the poller tries again (with back-off). The panels keep their last data, greyed. */
export function ServerDownBanner({ down }: { down: Down }) {
  const seconds = useSecondsUntil(down.nextRetryAt);
  return (
    <Alert color="red" variant="light" icon={<IconPlugConnectedX />} title="The server is not answering" data-testid="server-down" mb="lg">
      <Text size="sm">{down.reason.message}</Text>
      {down.reason.hint && (
        <Text size="sm" fw={600}>
          {down.reason.hint}
        </Text>
      )}
      <Text size="sm" mt={4} data-testid="server-down-retry">
        Down since {new Date(down.since).toLocaleTimeString()}, {down.attempts} attempt{down.attempts === 1 ? '' : 's'} ·{' '}
        {seconds > 0 ? `retrying in ${seconds} s` : 'retrying now…'}. The panels below show the last data it sent.
      </Text>
    </Alert>
  );
}
