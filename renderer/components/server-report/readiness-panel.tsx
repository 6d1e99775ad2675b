import { Group, List, Paper, SimpleGrid, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconAlertCircle, IconCircleCheck } from '@tabler/icons-react';
import type { Capability, Readiness } from '../../../shared/domain/server';

const capabilities: { key: keyof Readiness; title: string; what: string }[] = [
  { key: 'logicalBackup', title: 'Logical backups', what: 'pg_dump of databases and tables' },
  { key: 'physicalBackup', title: 'Physical backups', what: 'pg_basebackup of the whole cluster' },
  { key: 'pointInTimeRecovery', title: 'Point-in-time recovery', what: 'WAL archiving to restore to any moment' },
];

/** What this server is ready for, and for each thing it is not, what is missing. */
export function ReadinessPanel({ readiness }: { readiness: Readiness }) {
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md" data-testid="readiness">
      {capabilities.map(({ key, title, what }) => (
        <CapabilityCard key={key} testId={`readiness-${key}`} title={title} what={what} capability={readiness[key]} />
      ))}
    </SimpleGrid>
  );
}

function CapabilityCard({ title, what, capability, testId }: { title: string; what: string; capability: Capability; testId: string }) {
  const color = capability.ready ? 'teal' : 'orange';
  return (
    <Paper withBorder p="md" radius="md" data-testid={testId} data-ready={capability.ready}>
      <Stack gap="xs">
        <Group gap="xs" wrap="nowrap">
          <ThemeIcon color={color} variant="light" radius="xl" size="md">
            {capability.ready ? <IconCircleCheck size={18} /> : <IconAlertCircle size={18} />}
          </ThemeIcon>
          <Text fw={650}>{title}</Text>
        </Group>
        <Text size="sm" c="dimmed">
          {what}
        </Text>
        {capability.ready ? (
          <Text size="sm" c="teal.8" fw={600}>
            Ready
          </Text>
        ) : (
          <>
            <Text size="sm" c="orange.8" fw={600}>
              Not ready yet:
            </Text>
            <List size="sm" spacing={4}>
              {capability.missing.map((reason) => (
                <List.Item key={reason}>{reason}</List.Item>
              ))}
            </List>
          </>
        )}
      </Stack>
    </Paper>
  );
}
