import { Anchor, Badge, Code, Loader, Table, Text, Tooltip } from '@mantine/core';
import type { BackupStatus } from '../../../shared/domain/backup';
import { formatCompressionSpec } from '../../../shared/domain/physical';
import { formatLsn } from '../../../shared/domain/wal';
import { hrefFor } from '../../app/routes';
import { useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { formatInstant } from '../../components/wal/display-units';
import { PitrBadge, VerificationBadge } from '../../components/wal/physical-backup-facts';
import { formatBytes } from '../../../shared/format/bytes';
import { TableHead } from '../../components/table-head';

const statusColors: Record<BackupStatus, string> = { complete: 'teal', failed: 'red', cancelled: 'orange' };

/** One cluster's base backups in the repository, newest first. */
export function PhysicalBackupsTable({ systemIdentifier, repositoryDir }: { systemIdentifier: string; repositoryDir?: string }) {
  const backups = useRequest('physical.list', { systemIdentifier, ...(repositoryDir ? { repositoryDir } : {}) });
  if (backups.isPending) return <Loader size="sm" />;
  if (backups.error) return <ErrorAlert error={backups.error} title="Cannot list the base backups" />;
  if (backups.data.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="physical-backups-empty">
        No base backup of this cluster (system identifier <Code>{systemIdentifier}</Code>) in the repository yet. Point-in-time recovery needs one to start
        from; take it above.
      </Text>
    );
  }
  return (
    <Table verticalSpacing="xs" fz="sm" striped data-testid="physical-backups">
      <TableHead columns={['Backup', 'Consistent at', 'Format', 'Size', 'WAL (TL: start → stop)', 'Checked', 'PITR']} />
      <Table.Tbody>
        {backups.data.map((backup) => (
          <Table.Tr key={backup.id} data-testid="physical-backup-row">
            <Table.Td>
              <Anchor href={hrefFor({ page: 'backups', backupId: backup.id })} title="Details, log and Verify" data-testid="physical-backup-link">
                <Code>{backup.id}</Code>
              </Anchor>
              {backup.status !== 'complete' && (
                <Badge ml={6} size="sm" variant="light" color={statusColors[backup.status]}>
                  {backup.status}
                </Badge>
              )}
            </Table.Td>
            <Table.Td>{backup.points ? formatInstant(backup.points.stopTime) : '—'}</Table.Td>
            <Table.Td>
              {backup.format}, {formatCompressionSpec(backup.compression)}
            </Table.Td>
            <Table.Td>{formatBytes(backup.totalBytes)}</Table.Td>
            <Table.Td>
              {backup.points ? (
                <Code>
                  {backup.points.timeline}: {formatLsn(backup.points.startLsn)} → {formatLsn(backup.points.stopLsn)}
                </Code>
              ) : (
                '—'
              )}
            </Table.Td>
            <Table.Td>
              <VerificationBadge verification={backup.verification} />
            </Table.Td>
            <Table.Td>
              {backup.pitr && !backup.pitr.usable ? (
                <Tooltip label={backup.pitr.reason} multiline w={300}>
                  <span>
                    <PitrBadge pitr={backup.pitr} />
                  </span>
                </Tooltip>
              ) : (
                <PitrBadge pitr={backup.pitr} />
              )}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
