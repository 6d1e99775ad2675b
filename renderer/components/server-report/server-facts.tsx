import { Badge, Code, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { ServerReport } from '../../../shared/domain/server';

interface Fact {
  id: string;
  label: string;
  value: ReactNode;
}

function yesNo(value: boolean) {
  return (
    <Badge variant="light" color={value ? 'teal' : 'gray'} tt="none">
      {value ? 'yes' : 'no'}
    </Badge>
  );
}

function notVisible(reason: string) {
  return (
    <Text span size="sm" c="dimmed">
      {reason}
    </Text>
  );
}

function setting(value: string | null) {
  return value ? <Code>{value}</Code> : notVisible('not set');
}

/** The facts read from a live server: what it is, how it handles WAL, and what our role may do. */
export function ServerFacts({ report }: { report: ServerReport }) {
  const { facts, tools } = report;
  const server: Fact[] = [
    { id: 'serverVersion', label: 'Version', value: `PostgreSQL ${facts.serverVersion}` },
    {
      id: 'systemIdentifier',
      label: 'System identifier',
      value: facts.systemIdentifier ? <Code>{facts.systemIdentifier}</Code> : notVisible('not visible to this role'),
    },
    { id: 'dataDirectory', label: 'Data directory', value: facts.dataDirectory ? <Code>{facts.dataDirectory}</Code> : notVisible('not visible to this role') },
    { id: 'timeZone', label: 'Time zone', value: facts.timeZone },
    { id: 'serverTime', label: 'Server clock', value: new Date(facts.serverTime).toLocaleString() },
    { id: 'currentDatabase', label: 'Database', value: facts.currentDatabase },
    { id: 'inRecovery', label: 'Standby (in recovery)', value: yesNo(facts.inRecovery) },
    { id: 'ssl', label: 'Connection uses TLS', value: yesNo(facts.ssl) },
  ];
  const wal: Fact[] = [
    { id: 'walLevel', label: 'wal_level', value: <Code>{facts.walLevel}</Code> },
    { id: 'archiveMode', label: 'archive_mode', value: <Code>{facts.archiveMode}</Code> },
    { id: 'archiveCommand', label: 'archive_command', value: setting(facts.archiveCommand) },
    { id: 'archiveLibrary', label: 'archive_library', value: setting(facts.archiveLibrary) },
    { id: 'archiveTimeout', label: 'archive_timeout', value: facts.archiveTimeoutSeconds ? `${facts.archiveTimeoutSeconds} s` : notVisible('off') },
    { id: 'maxWalSenders', label: 'max_wal_senders', value: String(facts.maxWalSenders) },
  ];
  const role: Fact[] = [
    { id: 'roleName', label: 'Role', value: facts.role.name },
    { id: 'superuser', label: 'Superuser', value: yesNo(facts.role.superuser) },
    { id: 'replication', label: 'REPLICATION', value: yesNo(facts.role.replication) },
    { id: 'readAllData', label: 'pg_read_all_data', value: yesNo(facts.role.readAllData) },
    {
      id: 'pgDump',
      label: 'pg_dump for it',
      value: tools.pgDump ? (
        <>
          <Code>{tools.pgDump.path}</Code> ({tools.pgDump.version})
        </>
      ) : (
        notVisible('none found')
      ),
    },
  ];

  return (
    <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md" data-testid="server-facts">
      <FactTable title="Server" facts={server} />
      <Stack gap="md">
        <FactTable title="WAL and archiving" facts={wal} />
        <FactTable title="This connection's role and tools" facts={role}>
          {tools.problem && (
            <Text size="sm" c="orange.9" mt="xs" data-testid="tool-problem">
              {tools.problem}
            </Text>
          )}
        </FactTable>
      </Stack>
    </SimpleGrid>
  );
}

function FactTable({ title, facts, children }: { title: string; facts: Fact[]; children?: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Title order={5} mb="xs">
        {title}
      </Title>
      <Table verticalSpacing={6} horizontalSpacing="xs" fz="sm">
        <Table.Tbody>
          {facts.map((fact) => (
            <Table.Tr key={fact.id} data-testid={`fact-${fact.id}`}>
              <Table.Th w="38%" fw={500} c="dimmed" style={{ verticalAlign: 'top' }}>
                {fact.label}
              </Table.Th>
              <Table.Td style={{ wordBreak: 'break-word' }}>{fact.value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {children}
    </Paper>
  );
}
