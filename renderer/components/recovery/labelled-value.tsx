import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A small caption over a value: the facts grids of the recovery pages. */
export function LabelledValue({ label, children, testId, strong = false }: { label: string; children: ReactNode; testId?: string; strong?: boolean }) {
  return (
    <Stack gap={2}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" fw={strong ? 600 : undefined} style={{ wordBreak: 'break-word' }} data-testid={testId}>
        {children}
      </Text>
    </Stack>
  );
}
