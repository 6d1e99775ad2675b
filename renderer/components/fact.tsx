import { Stack, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** A small caption over what it names (a value, a badge and a sentence): the facts grids. */
export function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={4} data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}
