import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import type { ProfileView } from '../../../shared/domain/profile';
import { navigate } from '../../app/routes';
import { useMutationRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';

/** Remove, after saying exactly what goes and what stays. */
export function RemoveProfileButton({ profile }: { profile: ProfileView }) {
  const [opened, { open, close }] = useDisclosure(false);
  const remove = useMutationRequest('profiles.remove', {
    invalidates: ['profiles.list'],
    onSuccess: () => {
      close();
      notifications.show({ color: 'teal', message: `Removed the connection “${profile.name}”.` });
      navigate({ page: 'connections' });
    },
  });

  return (
    <>
      <Button variant="default" color="red" leftSection={<IconTrash size={16} />} onClick={open} data-testid="remove-profile">
        Remove
      </Button>
      <Modal opened={opened} onClose={close} title={<Text fw={650}>Remove “{profile.name}”?</Text>} centered>
        <Stack gap="md">
          <Text>
            Tidemark forgets this connection profile{profile.passwordSaved ? ' and its saved password' : ''}. The server itself, its data and any backups are
            not touched.
          </Text>
          {remove.error && <ErrorAlert error={remove.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Keep it
            </Button>
            <Button color="red" loading={remove.isPending} onClick={() => remove.mutate({ id: profile.id })} data-testid="confirm-remove">
              Remove
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
