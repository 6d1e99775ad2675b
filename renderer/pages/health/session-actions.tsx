import { Alert, Button, Group, Modal, Stack, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import type { SessionSummary } from '../../../shared/domain/health';
import { useMutationRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';

type SessionAction = 'cancel' | 'terminate';

const actionWords: Record<SessionAction, { button: string; title: string; effect: string; request: 'health.cancelQuery' | 'health.terminateSession' }> = {
  cancel: {
    button: 'Cancel',
    title: 'Cancel this query?',
    effect: 'pg_cancel_backend stops the running statement; the session stays connected and its transaction is rolled back.',
    request: 'health.cancelQuery',
  },
  terminate: {
    button: 'Terminate',
    title: 'Terminate this session?',
    effect: 'pg_terminate_backend closes the connection: its open transaction is rolled back and the client sees an error.',
    request: 'health.terminateSession',
  },
};

/**
 * Cancel and Terminate for one backend, each behind a confirmation. The backend is named by pid and
 * backend_start, so a pid reused since the sample is refused by the main process, not signalled.
 * Tidemark's own sessions are protected: the buttons say why they are off.
 */
export function SessionActions({ profileId, session }: { profileId: string; session: SessionSummary }) {
  const [asking, setAsking] = useState<SessionAction | null>(null);
  const cancel = useMutationRequest('health.cancelQuery');
  const terminate = useMutationRequest('health.terminateSession');
  const mutation = asking === 'terminate' ? terminate : cancel;
  const result = cancel.data ?? terminate.data;

  const ask = (action: SessionAction) => {
    cancel.reset();
    terminate.reset();
    setAsking(action);
  };
  const run = () => {
    if (!asking) return;
    mutation.mutate({ profileId, pid: session.pid, backendStart: session.backendStart, confirm: true }, { onSuccess: () => setAsking(null) });
  };

  return (
    <>
      <Group gap={4} wrap="nowrap">
        {(['cancel', 'terminate'] as const).map((action) => (
          <Tooltip key={action} label="Tidemark's own session: refused" disabled={!session.protected}>
            <Button
              size="compact-xs"
              variant={action === 'terminate' ? 'light' : 'default'}
              color={action === 'terminate' ? 'red' : undefined}
              disabled={session.protected}
              onClick={() => ask(action)}
              data-testid={`session-${action}`}
            >
              {actionWords[action].button}
            </Button>
          </Tooltip>
        ))}
      </Group>
      {result && !asking && (
        <Text size="xs" c={result.signalled ? 'teal' : 'dimmed'} data-testid="session-action-result">
          {result.message}
        </Text>
      )}
      <Modal opened={asking !== null} onClose={() => setAsking(null)} title={<Text fw={650}>{asking ? actionWords[asking].title : ''}</Text>} centered>
        {asking && (
          <Stack gap="md">
            <Text size="sm">
              pid <strong>{session.pid}</strong>
              {session.user ? ` (${session.user}` : ' ('}
              {session.database ? ` on ${session.database}` : ''}
              {session.application ? `, ${session.application}` : ''})
            </Text>
            <Alert variant="light" color="gray" p="xs">
              <Text size="xs" ff="monospace" lineClamp={4}>
                {session.query || '(no query text)'}
              </Text>
            </Alert>
            <Text size="sm">{actionWords[asking].effect}</Text>
            {mutation.error ? <ErrorAlert error={mutation.error} /> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setAsking(null)}>
                Leave it
              </Button>
              <Button color="red" loading={mutation.isPending} onClick={run} data-testid="confirm-session-action">
                {actionWords[asking].button} pid {session.pid}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
