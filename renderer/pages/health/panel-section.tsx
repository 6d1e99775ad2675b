import { Group, Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A titled part of a panel's body (a note beside the title, e.g. "estimate, about ±20%"). */
export function PanelSection({ title, note, children }: { title: string; note?: ReactNode; children: ReactNode }) {
  return (
    <Stack gap={4}>
      <Group gap="xs">
        <Text fw={600} size="sm">
          {title}
        </Text>
        {note}
      </Group>
      {children}
    </Stack>
  );
}

/** What a section says when it has nothing to list. */
export function NothingToList({ children }: { children: ReactNode }) {
  return (
    <Text size="xs" c="dimmed">
      {children}
    </Text>
  );
}
