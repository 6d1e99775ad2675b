import { Alert, Badge, Code, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { archiverThresholds, type ArchiverStatus } from '../../../shared/domain/archiving';
import { formatLsn } from '../../../shared/domain/wal';
import { useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../error-alert';
import { formatAgo, formatInstantLong } from './display-units';

// pg_stat_archiver changes by the segment: every 10 s is enough to watch it without load.
const refreshMs = 10_000;

/**
 * The archiver as seeds 000 and 004 watch it (pg_stat_archiver), plus what that view leaves out:
 * the `.ready` backlog and the current WAL position; the runbooks' thresholds as warnings.
 */
export function ArchiverStatusPanel({ profileId, title = 'Archiver' }: { profileId: string; title?: string }) {
  const status = useRequest('archive.status', { server: { profileId } }, { refetchInterval: refreshMs });

  return (
    <Paper withBorder p="lg" radius="md" data-testid="archiver-status">
      <Stack gap="md">
        <Group justify="space-between" align="baseline">
          <Title order={3} size="h5">
            {title}
          </Title>
          {status.data && (
            <Text size="xs" c="dimmed" data-testid="archiver-checked-at">
              pg_stat_archiver read {new Date(status.data.checkedAt).toLocaleTimeString()} · refreshed every {refreshMs / 1000} s
            </Text>
          )}
        </Group>
        {status.isPending && <Loader size="sm" />}
        {status.error && <ErrorAlert error={status.error} title="Cannot read the archiver's status" />}
        {status.data && <ArchiverFigures status={status.data} />}
      </Stack>
    </Paper>
  );
}

function ArchiverFigures({ status }: { status: ArchiverStatus }) {
  const lastArchivedAgeMinutes = status.lastArchivedTime ? (Date.parse(status.checkedAt) - Date.parse(status.lastArchivedTime)) / 60_000 : null;
  const failedAfterArchived = status.lastFailedTime !== null && (status.lastArchivedTime === null || status.lastFailedTime > status.lastArchivedTime);
  return (
    <Stack gap="md">
      {status.warnings.length === 0 ? (
        <Group gap={6} data-testid="archiver-healthy">
          <IconCircleCheck size={18} color="var(--mantine-color-teal-7)" />
          <Text size="sm" c="teal.8" fw={600}>
            {status.configured ? "The archiver is keeping up: no warning from the runbooks' thresholds." : 'Archiving is not configured.'}
          </Text>
        </Group>
      ) : (
        status.warnings.map((warning) => (
          <Alert
            key={warning.code}
            color={warning.severity === 'critical' ? 'red' : 'orange'}
            icon={<IconAlertTriangle />}
            title={warningTitles[warning.code]}
            data-testid="archiver-warning"
            data-code={warning.code}
          >
            {warning.message}
          </Alert>
        ))
      )}
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
        <Figure
          label="Archived"
          testId="archived-count"
          value={status.archivedCount.toLocaleString()}
          note={status.statsReset ? `since ${formatInstantLong(status.statsReset)}` : 'since the statistics were last reset'}
        />
        <Figure
          label="Failed"
          testId="failed-count"
          value={status.failedCount.toLocaleString()}
          tone={failedAfterArchived ? 'red' : status.failedCountRising ? 'orange' : undefined}
          note={status.failedCountRising ? 'rising since the last check' : 'attempts that failed (each is retried)'}
        />
        <Figure
          label="Waiting (.ready)"
          testId="ready-count"
          value={status.readyCount === null ? '—' : status.readyCount.toLocaleString()}
          tone={status.readyCount !== null && status.readyCount > archiverThresholds.maxReadySegments ? 'orange' : undefined}
          note={
            status.readyCount === null
              ? (status.readyCountProblem ?? 'not visible to this role')
              : `warns above ${archiverThresholds.maxReadySegments} segments`
          }
        />
        <Figure label="Current WAL" testId="current-lsn" value={<Code>{formatLsn(status.currentLsn)}</Code>} note={status.currentWalFile} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        <LastEvent
          label="Last archived"
          testId="last-archived"
          wal={status.lastArchivedWal}
          time={status.lastArchivedTime}
          tone={
            lastArchivedAgeMinutes !== null &&
            lastArchivedAgeMinutes > archiverThresholds.maxArchiveAgeMinutes &&
            status.warnings.some((w) => w.code === 'stale')
              ? 'orange'
              : undefined
          }
          none="Nothing archived since the statistics were reset."
          checkedAt={status.checkedAt}
        />
        <LastEvent
          label="Last failed"
          testId="last-failed"
          wal={status.lastFailedWal}
          time={status.lastFailedTime}
          tone={failedAfterArchived ? 'red' : undefined}
          none="No failure recorded."
          checkedAt={status.checkedAt}
        />
      </SimpleGrid>
    </Stack>
  );
}

const warningTitles: Record<ArchiverStatus['warnings'][number]['code'], string> = {
  'archiving-off': 'WAL archiving is off',
  failing: 'Archiving is failing',
  'failures-rising': 'Archive failures are rising',
  backlog: 'Segments are piling up',
  stale: 'The archiver may be stuck',
};

function Figure({ label, value, note, tone, testId }: { label: string; value: ReactNode; note: string; tone?: 'red' | 'orange'; testId: string }) {
  return (
    <Stack gap={2} data-testid={testId}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="xl" fw={700} c={tone ? `${tone}.8` : undefined} data-testid={`${testId}-value`}>
        {value}
      </Text>
      <Text size="xs" c="dimmed">
        {note}
      </Text>
    </Stack>
  );
}

function LastEvent({
  label,
  wal,
  time,
  none,
  tone,
  testId,
  checkedAt,
}: {
  label: string;
  wal: string | null;
  time: string | null;
  none: string;
  tone?: 'red' | 'orange';
  testId: string;
  checkedAt: string;
}) {
  return (
    <Group gap="sm" wrap="nowrap" align="flex-start" data-testid={testId}>
      <Badge variant="light" color={tone ?? 'gray'} tt="none" style={{ flexShrink: 0 }}>
        {label}
      </Badge>
      {wal && time ? (
        <Text size="sm">
          <Code>{wal}</Code> {formatAgo(time, new Date(checkedAt))}{' '}
          <Text span size="xs" c="dimmed">
            ({formatInstantLong(time)})
          </Text>
        </Text>
      ) : (
        <Text size="sm" c="dimmed">
          {none}
        </Text>
      )}
    </Group>
  );
}
