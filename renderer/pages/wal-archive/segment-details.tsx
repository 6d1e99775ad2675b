import { Alert, Code, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ArchiveRef } from '../../../shared/contract/wal';
import { formatLsn } from '../../../shared/domain/wal';
import type { WalCommitRecord, WalSegmentDetails } from '../../../shared/domain/wal-archive';
import { useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { formatInstantLong } from '../../components/wal/display-units';
import { formatBytes } from '../../../shared/format/bytes';

/** One segment read with pg_waldump: records by resource manager, and the commits that map time to it. */
export function SegmentDetailsPanel({ archive, name }: { archive: ArchiveRef; name: string }) {
  const details = useRequest('wal.segment', { ...archive, name });
  if (details.isPending) {
    return (
      <Group gap="sm">
        <Loader size="sm" />
        <Text size="sm">Reading {name} with pg_waldump --stats…</Text>
      </Group>
    );
  }
  if (details.error) return <ErrorAlert error={details.error} title={`Cannot read ${name}`} />;
  return <Details details={details.data} />;
}

function Details({ details }: { details: WalSegmentDetails }) {
  const { segment } = details;
  return (
    <Stack gap="md" data-testid="segment-details" data-segment={segment.name}>
      <Text size="sm">
        <Code>{segment.fileName}</Code> · timeline {segment.segment.timeline} · WAL <Code>{formatLsn(segment.startLsn)}</Code> to{' '}
        <Code>{formatLsn(segment.endLsn)}</Code> · {formatBytes(segment.sizeBytes)}
        {segment.compression !== 'none' ? ` (${segment.compression})` : ''} · archived {formatInstantLong(segment.archivedAt)}
      </Text>
      {details.readProblem && (
        <Alert color="orange" icon={<IconAlertTriangle />} title="pg_waldump stopped early" data-testid="segment-read-problem">
          {details.readProblem}
        </Alert>
      )}
      <SimpleGrid cols={2} spacing="md">
        <Commit label="First commit" commit={details.firstCommit} testId="first-commit" />
        <Commit label="Last commit" commit={details.lastCommit} testId="last-commit" />
      </SimpleGrid>
      <Text size="sm">
        {details.totalRecords.toLocaleString()} records · {details.commitCount.toLocaleString()} commits · {details.abortCount.toLocaleString()} aborts
        {details.commitCount === 0 && ': no commit in this segment, so no recovery target time falls inside it.'}
      </Text>
      <Stack gap={4}>
        <Title order={4} size="h6">
          Records by resource manager (pg_waldump --stats)
        </Title>
        <Table verticalSpacing={4} fz="sm" striped data-testid="segment-stats">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Resource manager</Table.Th>
              <Table.Th ta="right">Records</Table.Th>
              <Table.Th ta="right">Record bytes</Table.Th>
              <Table.Th ta="right">Full-page images</Table.Th>
              <Table.Th ta="right">Combined</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {details.stats.map((row) => (
              <Table.Tr key={row.resourceManager}>
                <Table.Td>{row.resourceManager}</Table.Td>
                <Table.Td ta="right">{row.records.toLocaleString()}</Table.Td>
                <Table.Td ta="right">{formatBytes(row.recordBytes)}</Table.Td>
                <Table.Td ta="right">{formatBytes(row.fullPageImageBytes)}</Table.Td>
                <Table.Td ta="right">{formatBytes(row.combinedBytes)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Stack>
    </Stack>
  );
}

function Commit({ label, commit, testId }: { label: string; commit: WalCommitRecord | null; testId: string }) {
  return (
    <Stack gap={2} data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      {commit ? (
        <>
          <Text size="sm" fw={600}>
            {formatInstantLong(commit.time)}
          </Text>
          <Text size="xs" c="dimmed">
            LSN {formatLsn(commit.lsn)} · xid {commit.xid}
          </Text>
        </>
      ) : (
        <Text size="sm" c="dimmed">
          none
        </Text>
      )}
    </Stack>
  );
}
