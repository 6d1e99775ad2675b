import { SegmentedControl, Stack, Text, type SegmentedControlProps } from '@mantine/core';
import type { ReactNode } from 'react';

/** A SegmentedControl with a label above it, as Mantine's inputs have (it has none of its own), and a note below it when there is one. */
export function LabelledSegmentedControl({ label, note, ...control }: SegmentedControlProps & { label: string; note?: ReactNode }) {
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <SegmentedControl {...control} />
      {note !== undefined && (
        <Text size="xs" c="dimmed">
          {note}
        </Text>
      )}
    </Stack>
  );
}
