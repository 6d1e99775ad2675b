import { Drawer, Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** A pane on the right about one item of the page beside it, which stays readable under a light overlay. */
export function SideDrawer({
  opened,
  onClose,
  title,
  closeLabel,
  size,
  testId,
  children,
}: {
  opened: boolean;
  onClose(): void;
  title: ReactNode;
  closeLabel: string;
  size: number;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size={size}
      padding="lg"
      overlayProps={{ backgroundOpacity: 0.12 }}
      closeButtonProps={{ 'aria-label': closeLabel }}
      title={<Title order={3}>{title}</Title>}
      data-testid={testId}
    >
      {children}
    </Drawer>
  );
}
