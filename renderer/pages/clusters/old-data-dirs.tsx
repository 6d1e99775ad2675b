import { Button, Code, Group, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { ManagedClusterView, OldDataDir } from '../../../shared/domain/pitr';
import { useMutationRequest } from '../../bridge/use-request';
import { TypedNameConfirm } from '../../components/typed-name-confirm';
import { formatUtc } from '../../components/recovery/zoned-time';
import { formatBytes } from '../../../shared/format/bytes';
import { TableHead } from '../../components/table-head';

type Pending = { action: 'restore' | 'delete'; dir: OldDataDir } | null;

/**
 * Data directories in-place recoveries moved aside (the runbooks' `main.old`). Tidemark never
 * deletes them on its own: each can be put back (the current one is moved aside in its turn) or
 * deleted, confirmed by the cluster's name.
 */
export function OldDataDirs({ cluster }: { cluster: ManagedClusterView }) {
  const [pending, setPending] = useState<Pending>(null);
  const invalidates = { invalidates: ['clusters.list', 'oldDataDirs.list'] as const };
  const restore = useMutationRequest('oldDataDirs.restore', {
    invalidates: [...invalidates.invalidates],
    onSuccess: () => {
      setPending(null);
      notifications.show({ color: 'teal', message: `Put the old data directory of ${cluster.name} back; the one it replaced was moved aside.` });
    },
  });
  const remove = useMutationRequest('oldDataDirs.delete', {
    invalidates: [...invalidates.invalidates],
    onSuccess: ({ path }) => {
      setPending(null);
      notifications.show({ color: 'teal', message: `Deleted ${path}.` });
    },
  });
  const mutation = pending?.action === 'restore' ? restore : remove;

  if (cluster.oldDataDirs.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="old-data-dirs">
      <Text size="sm" fw={600}>
        Old data directories, moved aside by in-place recoveries
      </Text>
      <Table withTableBorder verticalSpacing={6}>
        <TableHead columns={['Folder', 'Moved aside', { label: 'Size', ta: 'right' }, {}]} />
        <Table.Tbody>
          {cluster.oldDataDirs.map((dir) => (
            <Table.Tr key={dir.path} data-testid="old-data-dir">
              <Table.Td>
                <Code style={{ wordBreak: 'break-all' }}>{dir.path}</Code>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatUtc(dir.movedAsideAt)}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {formatBytes(dir.sizeBytes)}
              </Table.Td>
              <Table.Td>
                <Group gap="xs" justify="flex-end" wrap="nowrap">
                  <Button size="xs" variant="default" leftSection={<IconArrowBackUp size={14} />} onClick={() => setPending({ action: 'restore', dir })}>
                    Put back
                  </Button>
                  <Button size="xs" variant="default" color="red" leftSection={<IconTrash size={14} />} onClick={() => setPending({ action: 'delete', dir })}>
                    Delete
                  </Button>
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <TypedNameConfirm
        opened={pending !== null}
        onClose={() => {
          mutation.reset();
          setPending(null);
        }}
        title={pending?.action === 'restore' ? `Put this data directory of ${cluster.name} back?` : 'Delete this old data directory for good?'}
        name={cluster.name}
        actionLabel={pending?.action === 'restore' ? 'Put it back' : 'Delete it'}
        color={pending?.action === 'restore' ? 'teal' : 'red'}
        pending={mutation.isPending}
        error={mutation.error}
        onConfirm={(confirmName) => pending && mutation.mutate({ clusterId: cluster.id, path: pending.dir.path, confirmName })}
      >
        {pending?.action === 'restore' ? (
          <Text size="sm">
            {cluster.name} is stopped{cluster.state === 'running' ? ' (and started again afterwards)' : ''}; its current data directory is moved aside in its
            turn — kept, listed here — and <Code>{pending.dir.path}</Code> takes its place.
          </Text>
        ) : (
          <Text size="sm">
            <Code>{pending?.dir.path}</Code> ({pending ? formatBytes(pending.dir.sizeBytes) : ''}) is deleted. {cluster.name}&apos;s current data directory is
            not touched.
          </Text>
        )}
      </TypedNameConfirm>
    </Stack>
  );
}
