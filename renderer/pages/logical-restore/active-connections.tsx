import { Button, Group, Modal, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { useState } from 'react';
import type { ActiveConnection } from '../../../shared/domain/restore';
import { useMutationRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { TableHead } from '../../components/table-head';

/** Who is connected to the database a restore would overwrite, with an offer to end their sessions. */
export function ActiveConnections({
  connection,
  database,
  connections,
  onTerminated,
}: {
  connection: { profileId: string };
  database: string;
  connections: readonly ActiveConnection[];
  onTerminated(): void;
}) {
  const [asking, setAsking] = useState(false);
  const terminate = useMutationRequest('restore.terminateConnections', {
    invalidates: ['restore.targetInfo'],
    onSuccess: (output) => {
      setAsking(false);
      notifications.show({
        color: 'teal',
        title: 'Sessions ended',
        message: `${output.terminated.length} session${output.terminated.length === 1 ? '' : 's'} on ${database} ended.`,
      });
      onTerminated();
    },
  });

  if (connections.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="active-connections-none">
        Nobody else is connected to {database}.
      </Text>
    );
  }
  return (
    <Stack gap="xs" data-testid="active-connections">
      <Group justify="space-between">
        <Text size="sm" fw={600} c="orange.8">
          {connections.length} session{connections.length === 1 ? ' is' : 's are'} connected to {database}: a restore over it can block on their locks, or break
          what they are doing.
        </Text>
        <Button
          size="xs"
          color="orange"
          variant="light"
          leftSection={<IconPlugConnectedX size={14} />}
          onClick={() => setAsking(true)}
          data-testid="terminate-sessions"
        >
          End these sessions…
        </Button>
      </Group>
      <Table fz="xs" verticalSpacing={4} withTableBorder>
        <TableHead columns={['pid', 'User', 'Application', 'Client', 'State', 'Query']} />
        <Table.Tbody>
          {connections.map((session) => (
            <Table.Tr key={session.pid}>
              <Table.Td>{session.pid}</Table.Td>
              <Table.Td>{session.user ?? '—'}</Table.Td>
              <Table.Td>{session.application ?? '—'}</Table.Td>
              <Table.Td>{session.clientAddress ?? 'local socket'}</Table.Td>
              <Table.Td>{session.state ?? '—'}</Table.Td>
              <Table.Td
                ff="monospace"
                style={{ maxWidth: 240, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                title={session.query ?? undefined}
              >
                {session.query ?? '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Modal opened={asking} onClose={() => setAsking(false)} title={`End the sessions on ${database}?`} centered>
        <Stack gap="sm">
          <Text size="sm">
            pg_terminate_backend ends each of the {connections.length} session{connections.length === 1 ? '' : 's'}: their open transactions are rolled back and
            their programs see the connection drop.
          </Text>
          {terminate.error && <ErrorAlert error={terminate.error} title="Could not end them" />}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setAsking(false)}>
              Leave them
            </Button>
            <Button
              color="orange"
              loading={terminate.isPending}
              onClick={() => terminate.mutate({ connection, database, confirm: database })}
              data-testid="terminate-confirm"
            >
              End {connections.length} session{connections.length === 1 ? '' : 's'}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
