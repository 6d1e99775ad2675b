import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorAlert } from './error-alert';

/** "Remove …?": what goes and what stays, then keep it or go ahead (for what can be made again; a typed name guards the rest). */
export function ConfirmModal({
  opened,
  onClose,
  title,
  children,
  actionLabel,
  pending,
  error,
  onConfirm,
  confirmTestId,
}: {
  opened: boolean;
  onClose(): void;
  title: ReactNode;
  children: ReactNode;
  actionLabel: string;
  pending: boolean;
  error: unknown;
  onConfirm(): void;
  confirmTestId: string;
}) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={650}>{title}</Text>} centered>
      <Stack gap="md">
        <Text>{children}</Text>
        {Boolean(error) && <ErrorAlert error={error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Keep it
          </Button>
          <Button color="red" loading={pending} onClick={onConfirm} data-testid={confirmTestId}>
            {actionLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
