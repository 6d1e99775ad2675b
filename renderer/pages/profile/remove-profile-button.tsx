import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconTrash } from '@tabler/icons-react';
import type { ProfileView } from '../../../shared/domain/profile';
import { navigate } from '../../app/routes';
import { useMutationRequest } from '../../bridge/use-request';
import { RemovalConfirmation } from '../../components/removal-confirmation';

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
      <RemovalConfirmation
        opened={opened}
        onClose={close}
        title={`Remove “${profile.name}”?`}
        onRemove={() => remove.mutate({ id: profile.id })}
        removing={remove.isPending}
        error={remove.error}
        confirmTestId="confirm-remove"
      >
        Tidemark forgets this connection profile{profile.passwordSaved ? ' and its saved password' : ''}. The server itself, its data and any backups are not
        touched.
      </RemovalConfirmation>
    </>
  );
}
