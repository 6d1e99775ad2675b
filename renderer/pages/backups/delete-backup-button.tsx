import { Button, Code, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutationRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';

/** Deleting a backup removes its files for good: the id must be typed first. */
export function DeleteBackupButton({ backupId, what, onDeleted }: { backupId: string; what: string; onDeleted(): void }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const remove = useMutationRequest('backups.delete', {
    invalidates: ['backups.list'],
    onSuccess: () => {
      setOpen(false);
      notifications.show({ color: 'teal', title: 'Backup deleted', message: `${what} (${backupId}) and its files are gone.` });
      onDeleted();
    },
  });
  const close = () => {
    setOpen(false);
    setTyped('');
    remove.reset();
  };

  return (
    <>
      <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={() => setOpen(true)} data-testid="delete-backup">
        Delete
      </Button>
      <Modal opened={open} onClose={close} title="Delete this backup?" centered size="md">
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (typed === backupId) remove.mutate({ id: backupId, confirm: typed });
          }}
        >
          <Stack gap="sm">
            <Text size="sm">
              The files of <strong>{what}</strong> are removed from the repository for good; this cannot be undone. The server and its databases are not
              touched.
            </Text>
            <Text size="sm">
              Type the backup's id <Code>{backupId}</Code> to confirm.
            </Text>
            <TextInput
              aria-label="Backup id to confirm"
              value={typed}
              onChange={(event) => setTyped(event.currentTarget.value)}
              placeholder={backupId}
              data-autofocus
              data-testid="delete-confirm-input"
            />
            {remove.error && <ErrorAlert error={remove.error} title="Could not delete it" />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                Keep it
              </Button>
              <Button type="submit" color="red" disabled={typed !== backupId} loading={remove.isPending} data-testid="delete-confirm">
                Delete for good
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
