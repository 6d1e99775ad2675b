import { Alert, Button, Code, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconBookmark, IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { formatLsn } from '../../../shared/domain/wal';
import { useMutationRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../error-alert';
import { formatUtc, wallTimeIn } from './zoned-time';

function suggestedName(): string {
  return `before-change-${wallTimeIn(new Date().toISOString(), 'UTC').replace(/[-: ]/g, '').slice(0, 12)}`;
}

/**
 * pg_create_restore_point on the live server, before a risky change: a name recovery can stop at
 * exactly. The WAL is switched so the point reaches the archive at once, and the answer says
 * whether it did.
 */
export function CreateRestorePointButton({ profileId }: { profileId: string }) {
  const [opened, { open, close }] = useDisclosure(false);
  const [name, setName] = useState(suggestedName);
  const create = useMutationRequest('restorePoint.create');
  const point = create.data;

  const reopen = () => {
    create.reset();
    setName(suggestedName());
    open();
  };

  return (
    <>
      <Button variant="default" leftSection={<IconBookmark size={16} />} onClick={reopen} data-testid="create-restore-point">
        Create restore point
      </Button>
      <Modal opened={opened} onClose={close} title={<Text fw={650}>Create a restore point</Text>} centered size="lg">
        <Stack gap="md">
          <Text size="sm">
            A named point in the WAL (pg_create_restore_point) that point-in-time recovery can stop at exactly. Make one just before a risky change: a
            migration, a bulk update, a manual fix.
          </Text>
          {!point && (
            <>
              <TextInput
                label="Name"
                description="At most 63 bytes. Recovery stops at the first point of this name."
                value={name}
                onChange={(event) => setName(event.currentTarget.value)}
                data-testid="restore-point-name"
              />
              {create.error && <ErrorAlert error={create.error} />}
              <Group justify="flex-end">
                <Button variant="default" onClick={close}>
                  Cancel
                </Button>
                <Button
                  loading={create.isPending}
                  disabled={!name.trim()}
                  onClick={() => create.mutate({ server: { profileId }, name: name.trim() })}
                  data-testid="restore-point-confirm"
                >
                  Create
                </Button>
              </Group>
            </>
          )}
          {point && (
            <>
              <Alert
                color={point.archived ? 'teal' : 'yellow'}
                icon={<IconCircleCheck />}
                title={`Restore point “${point.name}” created`}
                data-testid="restore-point-created"
              >
                <Stack gap={4}>
                  <Text size="sm">
                    At LSN <Code>{formatLsn(point.lsn)}</Code> on timeline {point.timeline}, {formatUtc(point.createdAt)}, in segment{' '}
                    <Code>{point.segment}</Code>.
                  </Text>
                  <Text size="sm">
                    {point.archived
                      ? 'That segment is already in the archive: recovery can reach the point now.'
                      : 'That segment has not reached the archive yet: check the archiver before relying on this point.'}
                  </Text>
                </Stack>
              </Alert>
              <Group justify="flex-end">
                <Button onClick={close}>Done</Button>
              </Group>
            </>
          )}
        </Stack>
      </Modal>
    </>
  );
}
