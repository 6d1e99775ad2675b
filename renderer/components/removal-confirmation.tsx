import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from './error-alert';

/** "Remove X?": what goes and what stays, the error if removing failed, Keep it or Remove. */
export function RemovalConfirmation({
  opened,
  onClose,
  title,
  children,
  onRemove,
  removing,
  error,
  confirmTestId,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  /** What goes and what stays. */
  children: ReactNode;
  onRemove: () => void;
  removing: boolean;
  error: unknown;
  confirmTestId: string;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={650}>{title}</Text>} centered>
      <Stack gap="md">
        <Text>{children}</Text>
        {error ? <ErrorAlert error={error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Keep it
          </Button>
          <Button color="red" loading={removing} onClick={onRemove} data-testid={confirmTestId}>
            Remove
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
