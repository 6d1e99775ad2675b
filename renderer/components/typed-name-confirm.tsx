import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { ErrorAlert } from './error-alert';

/**
 * A destructive action confirmed by typing a name, as the services require (confirmName): the
 * button stays disabled until the name is typed exactly, and the services check it again.
 */
export function TypedNameConfirm({
  opened,
  onClose,
  title,
  name,
  children,
  actionLabel,
  color = 'red',
  pending,
  error,
  onConfirm,
}: {
  opened: boolean;
  onClose: () => void;
  title: ReactNode;
  /** What must be typed. */
  name: string;
  /** What will happen and what stays. */
  children: ReactNode;
  actionLabel: string;
  color?: string;
  pending: boolean;
  error: unknown;
  onConfirm: (typedName: string) => void;
}) {
  const [typed, setTyped] = useState('');
  const close = () => {
    setTyped('');
    onClose();
  };
  return (
    <Modal opened={opened} onClose={close} title={<Text fw={650}>{title}</Text>} centered size="lg">
      <Stack gap="md">
        {children}
        <TextInput
          label={
            <>
              Type <strong>{name}</strong> to confirm
            </>
          }
          value={typed}
          onChange={(event) => setTyped(event.currentTarget.value)}
          data-testid="typed-name"
          autoComplete="off"
        />
        {Boolean(error) && <ErrorAlert error={error} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            Cancel
          </Button>
          <Button color={color} disabled={typed.trim() !== name} loading={pending} onClick={() => onConfirm(typed)} data-testid="typed-name-confirm">
            {actionLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
