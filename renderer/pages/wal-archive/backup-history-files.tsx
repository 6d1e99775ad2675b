import { Anchor, Badge, Code, Table, Text } from '@mantine/core';
import { formatLsn } from '../../../shared/domain/wal';
import type { BackupHistoryFile } from '../../../shared/domain/wal-archive';
import { hrefFor } from '../../app/routes';
import { formatInstant } from '../../components/wal/display-units';

/** The `.backup` files: PostgreSQL's own record of each base backup's start and stop, linked to the repository's backups. */
export function BackupHistoryFiles({ files }: { files: BackupHistoryFile[] }) {
  if (files.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No <Code>.backup</Code> file: no base backup of this cluster has been taken while it archived here.
      </Text>
    );
  }
  return (
    <Table verticalSpacing="xs" fz="sm" striped data-testid="backup-history-files">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>History file</Table.Th>
          <Table.Th>TL</Table.Th>
          <Table.Th>WAL start → stop</Table.Th>
          <Table.Th>Started → consistent</Table.Th>
          <Table.Th>Base backup</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {[...files].reverse().map((file) => (
          <Table.Tr key={file.fileName} data-testid="backup-history-file">
            <Table.Td>
              <Code>{file.fileName}</Code>
            </Table.Td>
            <Table.Td>{file.timeline}</Table.Td>
            <Table.Td>
              <Code>
                {formatLsn(file.startLsn)} → {formatLsn(file.stopLsn)}
              </Code>
            </Table.Td>
            <Table.Td>
              {file.startTime ? formatInstant(file.startTime) : '?'} → {file.stopTime ? formatInstant(file.stopTime) : '?'}
            </Table.Td>
            <Table.Td>
              {file.backupId ? (
                <Anchor href={hrefFor({ page: 'backups', backupId: file.backupId })} ff="monospace" size="sm" data-testid="linked-backup">
                  {file.backupId}
                </Anchor>
              ) : (
                <Badge color="gray" variant="light" tt="none" title={file.label ?? undefined}>
                  not in this repository{file.label ? ` (${file.label})` : ''}
                </Badge>
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
