import { Title } from '@mantine/core';
import type { ReactNode } from 'react';

/** One titled part of a page (a table, a list, a result), below the page header. */
export function PageSection({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section data-testid={testId}>
      <Title order={2} size="h4" mb="sm">
        {title}
      </Title>
      {children}
    </section>
  );
}
