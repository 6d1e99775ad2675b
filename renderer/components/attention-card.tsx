import { Paper } from '@mantine/core';
import type { ReactNode } from 'react';

/** A bordered card whose border turns red when it needs attention (an overdue schedule, a connection without a recent backup). */
export function AttentionCard({ alarm, testId, name, children }: { alarm: boolean; testId: string; name: string; children: ReactNode }) {
  return (
    <Paper
      withBorder
      radius="md"
      p="lg"
      data-testid={testId}
      data-name={name}
      data-alarm={String(alarm)}
      style={alarm ? { borderColor: 'var(--mantine-color-red-5)' } : undefined}
    >
      {children}
    </Paper>
  );
}
