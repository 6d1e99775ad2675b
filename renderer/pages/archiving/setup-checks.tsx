import { Alert, Badge, Code, List, Stack, Table, Text } from '@mantine/core';
import { IconBan } from '@tabler/icons-react';
import type { ArchiveSetupPlan, SetupCheck } from '../../../shared/domain/archiving';

const checkNames: Record<SetupCheck['id'], string> = {
  privileges: 'Privileges',
  wal_level: 'wal_level',
  archive_mode: 'archive_mode',
  archiver: 'archive_library / archive_command',
  max_wal_senders: 'max_wal_senders',
  archive_timeout: 'archive_timeout',
  repository: 'Repository folder',
  recovery: 'Standby',
};

const statusBadges: Record<SetupCheck['status'], { color: string; label: string }> = {
  ok: { color: 'teal', label: 'OK' },
  change: { color: 'blue', label: 'Will change' },
  blocked: { color: 'red', label: 'Blocked' },
  advice: { color: 'yellow', label: 'Advice' },
};

/** The server's settings and the role's privileges, each with what is wanted and why it matters. */
export function SetupChecks({ plan }: { plan: ArchiveSetupPlan }) {
  const { server } = plan;
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Read live from PostgreSQL {server.serverVersion} (system identifier <Code>{server.systemIdentifier}</Code>) as role <Code>{server.role.name}</Code>.
        {server.pendingRestart.length > 0 && (
          <>
            {' '}
            Waiting for a restart: <Code>{server.pendingRestart.join(', ')}</Code>.
          </>
        )}
      </Text>
      {plan.blockers.length > 0 && (
        <Alert color="red" icon={<IconBan />} title="What stands in the way" data-testid="setup-blockers">
          <List size="sm" spacing={6}>
            {plan.blockers.map((blocker) => (
              <List.Item key={blocker}>{blocker}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <Table verticalSpacing="sm" fz="sm" data-testid="setup-checks" layout="fixed">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={190}>Setting</Table.Th>
            <Table.Th w={110}>Status</Table.Th>
            <Table.Th>Now → wanted, and why it matters</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {plan.checks.map((check) => {
            const badge = statusBadges[check.status];
            return (
              <Table.Tr key={check.id} data-testid={`check-${check.id}`} data-status={check.status}>
                <Table.Td fw={600} style={{ verticalAlign: 'top' }}>
                  {checkNames[check.id]}
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }}>
                  <Badge color={badge.color} variant="light">
                    {badge.label}
                  </Badge>
                </Table.Td>
                <Table.Td style={{ wordBreak: 'break-word' }}>
                  <Stack gap={4}>
                    <Text size="sm">
                      <Code>{check.current || '(empty)'}</Code>
                      {check.status !== 'ok' && (
                        <>
                          {' → '}
                          <Code>{check.wanted}</Code>
                        </>
                      )}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {check.why}
                    </Text>
                  </Stack>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
