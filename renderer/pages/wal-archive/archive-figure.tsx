import { Stack, Text } from '@mantine/core';

/** One of the archive's headline numbers: a small caps label over a large value. */
export function ArchiveFigure({ label, value, tone, testId }: { label: string; value: string; tone?: 'red'; testId: string }) {
  return (
    <Stack gap={0} data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={tone ? `${tone}.7` : undefined}>
        {value}
      </Text>
    </Stack>
  );
}
