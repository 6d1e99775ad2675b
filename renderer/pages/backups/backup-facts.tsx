import type { ReactNode } from 'react';
import { Code, Table, Text, Title } from '@mantine/core';
import type { BackupManifest } from '../../../shared/domain/backup';
import { shellCommandLine } from '../../components/psql-command';
import { CopyableCommand } from '../../components/copyable-command';
import { describeDumpOptions } from '../../components/backups/dump-options-summary';
import { formatTimestamp } from '../../components/backups/units';
import { formatBytes } from '../../../shared/format/bytes';
import { formatDurationMs } from '../../../shared/format/duration';

interface Fact {
  id: string;
  label: string;
  value: ReactNode;
}

function factsOf(manifest: BackupManifest, repositoryDir: string | null): Fact[] {
  const facts: Fact[] = [
    { id: 'id', label: 'Backup id', value: <Code>{manifest.id}</Code> },
    { id: 'origin', label: 'Made by', value: manifest.origin === 'imported' ? 'pg_dump elsewhere, imported into Tidemark' : 'Tidemark' },
  ];
  if (manifest.kind === 'logical') {
    facts.push({ id: 'database', label: 'Database', value: manifest.logical.database });
    facts.push({ id: 'options', label: 'Format and options', value: describeDumpOptions(manifest.logical.options).join(' · ') });
  }
  facts.push(
    {
      id: 'profile',
      label: 'Profile',
      value: manifest.profile?.name ?? (
        <Text span c="dimmed" size="sm">
          none
        </Text>
      ),
    },
    {
      id: 'server',
      label: 'Server',
      value: manifest.server ? `${manifest.server.label}${manifest.server.version ? ` · PostgreSQL ${manifest.server.version}` : ''}` : 'unknown',
    },
    { id: 'systemIdentifier', label: 'System identifier', value: manifest.server?.systemIdentifier ?? 'unknown' },
    { id: 'tool', label: 'Tool', value: manifest.tool ? `${manifest.tool.name} ${manifest.tool.version} (${manifest.tool.path})` : 'unknown' },
    { id: 'started', label: 'Started', value: formatTimestamp(manifest.startedAt) },
    { id: 'ended', label: 'Ended', value: manifest.endedAt ? formatTimestamp(manifest.endedAt) : '—' },
    { id: 'duration', label: 'Duration', value: manifest.durationMs === null ? '—' : formatDurationMs(manifest.durationMs) },
    { id: 'size', label: 'Size', value: `${formatBytes(manifest.totalBytes)} in ${manifest.files.length} file${manifest.files.length === 1 ? '' : 's'}` },
  );
  if (repositoryDir) facts.push({ id: 'repository', label: 'Repository', value: <Code style={{ wordBreak: 'break-all' }}>{repositoryDir}</Code> });
  return facts;
}

/** What the manifest records: where it came from, how it was made, what it holds. */
export function BackupFacts({ manifest, repositoryDir }: { manifest: BackupManifest; repositoryDir: string | null }) {
  return (
    <>
      <Table withRowBorders={false} verticalSpacing={5} data-testid="backup-facts" layout="fixed">
        <Table.Tbody>
          {factsOf(manifest, repositoryDir).map((fact) => (
            <Table.Tr key={fact.id} data-testid={`backup-fact-${fact.id}`}>
              <Table.Th w={170} fw={500} c="dimmed" fz="sm" style={{ verticalAlign: 'top' }}>
                {fact.label}
              </Table.Th>
              <Table.Td fz="sm" style={{ wordBreak: 'break-word' }}>
                {fact.value}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {manifest.kind === 'logical' && manifest.logical.command.length > 0 && (
        <CopyableCommand label="The pg_dump command as it ran (no password in it)" command={shellCommandLine(manifest.logical.command)} />
      )}
      {manifest.kind === 'logical' && manifest.logical.tables.length > 0 && (
        <>
          <Title order={4} size="h6" mt="md" mb={4}>
            Tables and their rows at backup time
          </Title>
          <Text size="xs" c="dimmed" mb={6}>
            {manifest.logical.rowCounts === 'snapshot'
              ? "Counted inside the dump's own snapshot: exactly the rows in the dump."
              : 'Not counted: the dump was imported. A test restore counts them.'}
          </Text>
          <Table striped verticalSpacing={4} fz="sm" data-testid="backup-tables">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Table</Table.Th>
                <Table.Th ta="right">Rows</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {manifest.logical.tables.map((table) => (
                <Table.Tr key={`${table.schema}\u0000${table.name}`}>
                  <Table.Td ff="monospace">
                    {table.schema}.{table.name}
                  </Table.Td>
                  <Table.Td ta="right">{table.rows === null ? '—' : table.rows.toLocaleString()}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </>
  );
}
