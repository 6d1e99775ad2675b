import { Alert, Anchor, Badge, Button, Code, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconInfoCircle, IconTrash } from '@tabler/icons-react';
import type { WalCleanupPlan } from '../../../shared/domain/wal-archive';
import { hrefFor } from '../../app/routes';
import { ArchiveFigure } from './archive-figure';
import { fileCount, keptBackupRows, whyNothingToDelete } from './cleanup-explanation';
import { formatBytes } from '../../../shared/format/bytes';

const sampleShown = 5;

/** What a cleanup would delete and what it keeps, or why it would delete nothing. */
export function WalCleanupPreview({ plan, onDelete, deleteDisabled }: { plan: WalCleanupPlan; onDelete: () => void; deleteDisabled: boolean }) {
  const nothing = whyNothingToDelete(plan);
  return (
    <Stack gap="lg" data-testid="wal-cleanup-preview" data-delete-count={plan.deleteCount}>
      {nothing ? (
        <Alert color="blue" icon={<IconInfoCircle />} title={nothing.title} data-testid="wal-cleanup-nothing">
          <Stack gap={4}>
            <Text size="sm">{nothing.reason}</Text>
            <Text size="sm">{nothing.whatNext}</Text>
          </Stack>
        </Alert>
      ) : (
        <Deletable plan={plan} onDelete={onDelete} deleteDisabled={deleteDisabled} />
      )}
      {plan.keptBackups.length > 0 && <KeptBackups plan={plan} />}
    </Stack>
  );
}

function Deletable({ plan, onDelete, deleteDisabled }: { plan: WalCleanupPlan; onDelete: () => void; deleteDisabled: boolean }) {
  const more = plan.deleteCount - Math.min(sampleShown, plan.deleteSample.length);
  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <SimpleGrid cols={3} spacing="xl">
          <ArchiveFigure label="Would delete" value={fileCount(plan.deleteCount)} testId="cleanup-delete-count" />
          <ArchiveFigure label="Would free" value={formatBytes(plan.deleteBytes)} testId="cleanup-delete-bytes" />
          <ArchiveFigure label="Would keep" value={fileCount(plan.keepCount)} testId="cleanup-keep-count" />
        </SimpleGrid>
        <Button color="red" variant="light" leftSection={<IconTrash size={16} />} onClick={onDelete} disabled={deleteDisabled} data-testid="wal-cleanup-delete">
          Delete {fileCount(plan.deleteCount)}…
        </Button>
      </Group>
      <Text size="sm" data-testid="cleanup-range">
        From <Code>{plan.firstDeleted}</Code> to <Code>{plan.lastDeleted}</Code>: the segments, <Code>.partial</Code> and <Code>.backup</Code> files before{' '}
        <Code>{plan.oldestNeededSegment}</Code>, where the oldest kept base backup starts. Timeline history files always stay.
      </Text>
      {/* Two files are all in the range already. */}
      {plan.deleteCount > 2 && (
        <Stack gap={4}>
          <Text size="sm" c="dimmed">
            First to go:
          </Text>
          <Group gap={6} data-testid="cleanup-sample">
            {plan.deleteSample.slice(0, sampleShown).map((name) => (
              <Code key={name}>{name}</Code>
            ))}
            {more > 0 && (
              <Text size="sm" c="dimmed">
                and {more.toLocaleString()} more
              </Text>
            )}
          </Group>
        </Stack>
      )}
    </Stack>
  );
}

function KeptBackups({ plan }: { plan: WalCleanupPlan }) {
  return (
    <Stack gap={6}>
      <Text fw={600} size="sm">
        Kept, and why
      </Text>
      <Text size="sm" c="dimmed">
        Recovery from a base backup replays the archived WAL from the segment it starts in, so nothing from the oldest kept backup&apos;s start on is deleted.
      </Text>
      <Table verticalSpacing="xs" fz="sm" striped data-testid="cleanup-kept-backups">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Base backup</Table.Th>
            <Table.Th>TL</Table.Th>
            <Table.Th>Needs WAL from</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {keptBackupRows(plan).map((kept) => (
            <Table.Tr key={kept.backupId} data-testid="cleanup-kept-backup" data-backup-id={kept.backupId}>
              <Table.Td>
                <Anchor href={hrefFor({ page: 'backups', backupId: kept.backupId })} ff="monospace" size="sm">
                  {kept.backupId}
                </Anchor>
              </Table.Td>
              <Table.Td>{kept.timeline}</Table.Td>
              <Table.Td>
                <Code>{kept.startSegment}</Code>
              </Table.Td>
              <Table.Td>
                {kept.setsCutoff && (
                  <Badge variant="light" color="blue" tt="none">
                    oldest kept: the cutoff
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
