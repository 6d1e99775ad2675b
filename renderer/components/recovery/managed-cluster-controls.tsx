import { Button, Code, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlayerPlay, IconPlayerStop, IconTrash } from '@tabler/icons-react';
import type { ManagedClusterView } from '../../../shared/domain/pitr';
import { useMutationRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../error-alert';
import { TypedNameConfirm } from '../typed-name-confirm';

const refreshes = ['clusters.list', 'clusters.get', 'sandbox.status', 'profiles.test', 'profiles.list'] as const;

/**
 * Start or stop a cluster Tidemark manages, and delete a recovered copy (its name typed): the
 * Clusters page and the recovery result both offer them. The sandbox is never deleted from here.
 */
export function ManagedClusterControls({ cluster }: { cluster: ManagedClusterView }) {
  const [removing, { open, close }] = useDisclosure(false);
  const start = useMutationRequest('clusters.start', {
    invalidates: [...refreshes],
    onSuccess: ({ portChange }) =>
      portChange && notifications.show({ color: 'yellow', message: `Port ${portChange.from} was taken: ${cluster.name} now listens on ${portChange.to}.` }),
  });
  const stop = useMutationRequest('clusters.stop', { invalidates: [...refreshes] });
  const remove = useMutationRequest('clusters.remove', {
    invalidates: [...refreshes],
    onSuccess: () => {
      close();
      notifications.show({ color: 'teal', message: `Deleted ${cluster.name} and its data directory.` });
    },
  });
  const error = start.error ?? stop.error;

  return (
    <>
      {cluster.state === 'running' && (
        <Button
          size="sm"
          variant="default"
          leftSection={<IconPlayerStop size={16} />}
          loading={stop.isPending}
          onClick={() => stop.mutate({ clusterId: cluster.id })}
          data-testid="stop-cluster"
        >
          Stop
        </Button>
      )}
      {cluster.state === 'stopped' && (
        <Button
          size="sm"
          leftSection={<IconPlayerPlay size={16} />}
          loading={start.isPending}
          onClick={() => start.mutate({ clusterId: cluster.id })}
          data-testid="start-cluster"
        >
          Start
        </Button>
      )}
      {cluster.role === 'recovered' && (
        <Button size="sm" variant="default" color="red" leftSection={<IconTrash size={16} />} onClick={open} data-testid="remove-cluster">
          Delete
        </Button>
      )}
      {error && <ErrorAlert error={error} />}
      <TypedNameConfirm
        opened={removing}
        onClose={() => {
          remove.reset();
          close();
        }}
        title={`Delete ${cluster.name}?`}
        name={cluster.name}
        actionLabel="Delete it"
        pending={remove.isPending}
        error={remove.error}
        onConfirm={(confirmName) => remove.mutate({ clusterId: cluster.id, confirmName })}
      >
        <Text size="sm">
          Tidemark stops it and deletes its data directory <Code>{cluster.dataDir}</Code>, its folder (server log, socket) and its connection profile. The
          source server and the repository are not touched.
        </Text>
      </TypedNameConfirm>
    </>
  );
}
