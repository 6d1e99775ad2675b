import { Alert, Badge, Code, List, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconHourglass } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { formatCompressionSpec, type PhysicalBackupSummary, type PitrReadiness, type VerifyBackupResult } from '../../../shared/domain/physical';
import { formatLsn } from '../../../shared/domain/wal';
import { formatInstantLong } from './display-units';
import { formatBytes } from '../../../shared/format/bytes';
import { formatDurationSeconds } from '../../../shared/format/duration';

const walSources: Record<Extract<PitrReadiness, { usable: true }>['walSource'], string> = {
  backup: 'its WAL is inside the backup',
  archive: 'its WAL is in the archive',
  both: 'its WAL is inside the backup and in the archive',
};

const verificationBadges: Record<VerifyBackupResult['status'], { color: string; label: string }> = {
  passed: { color: 'teal', label: 'pg_verifybackup passed' },
  failed: { color: 'red', label: 'pg_verifybackup failed' },
  'not-checkable': { color: 'yellow', label: 'cannot be checked' },
  skipped: { color: 'gray', label: 'check skipped' },
};

/** pg_verifybackup's verdict as a badge. */
export function VerificationBadge({ verification }: { verification: VerifyBackupResult | null }) {
  if (!verification)
    return (
      <Badge color="gray" variant="light">
        not checked
      </Badge>
    );
  const { color, label } = verificationBadges[verification.status];
  return (
    <Badge color={color} variant="light" tt="none">
      {label}
    </Badge>
  );
}

/** Whether point-in-time recovery can start from it, as a badge. */
export function PitrBadge({ pitr }: { pitr: PitrReadiness | null }) {
  if (!pitr)
    return (
      <Badge color="gray" variant="light">
        —
      </Badge>
    );
  return pitr.usable ? (
    <Badge color="teal" variant="light" tt="none">
      PITR-ready
    </Badge>
  ) : (
    <Badge color="orange" variant="light" tt="none">
      waits for WAL
    </Badge>
  );
}

/** A finished physical backup: where it starts and stops in WAL, whether it checked out, and whether PITR can start from it. */
export function PhysicalBackupFacts({ backup, durationMs, toolMs }: { backup: PhysicalBackupSummary; durationMs?: number; toolMs?: number }) {
  const points = backup.points;
  const rows: { label: string; value: ReactNode; testId: string }[] = [
    { label: 'Backup', value: <Code>{backup.id}</Code>, testId: 'backup-id' },
    { label: 'Label', value: backup.label, testId: 'backup-label' },
    { label: 'Format', value: `${backup.format}, compression ${formatCompressionSpec(backup.compression)}`, testId: 'backup-format' },
    { label: 'Size', value: formatBytes(backup.totalBytes), testId: 'backup-size' },
    ...(durationMs !== undefined
      ? [
          {
            label: 'Took',
            value: `${formatDurationSeconds(durationMs / 1000)}${toolMs !== undefined ? ` (pg_basebackup ${formatDurationSeconds(toolMs / 1000)})` : ''}`,
            testId: 'backup-duration',
          },
        ]
      : []),
    { label: 'Cluster', value: <Code>{backup.systemIdentifier}</Code>, testId: 'backup-cluster' },
  ];
  const walRows: { label: string; value: ReactNode; testId: string }[] = points
    ? [
        { label: 'Start LSN', value: <Code>{formatLsn(points.startLsn)}</Code>, testId: 'start-lsn' },
        { label: 'Stop LSN', value: <Code>{formatLsn(points.stopLsn)}</Code>, testId: 'stop-lsn' },
        { label: 'Timeline', value: String(points.timeline), testId: 'timeline' },
        { label: 'Started', value: formatInstantLong(points.startTime), testId: 'start-time' },
        { label: 'Consistent at', value: formatInstantLong(points.stopTime), testId: 'stop-time' },
        { label: 'Times from', value: timeSources[points.timeSource], testId: 'time-source' },
      ]
    : [];

  return (
    <Paper withBorder p="lg" radius="md" data-testid="physical-backup-result" data-status={backup.status}>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <FactsTable title="The backup" rows={rows} />
          {points ? (
            <FactsTable title="Where it sits in WAL" rows={walRows} />
          ) : (
            <Text size="sm" c="dimmed">
              No WAL points: pg_basebackup did not finish.
            </Text>
          )}
        </SimpleGrid>
        <VerificationAlert verification={backup.verification} />
        <PitrAlert pitr={backup.pitr} />
      </Stack>
    </Paper>
  );
}

const timeSources = {
  'backup-history-file': "the server's backup history file",
  'backup-label': 'backup_label',
  'tidemark-clock': "Tidemark's clock around the tool",
} as const;

function FactsTable({ title, rows }: { title: string; rows: { label: string; value: ReactNode; testId: string }[] }) {
  return (
    <Stack gap={4}>
      <Title order={4} size="h6">
        {title}
      </Title>
      <Table verticalSpacing={4} horizontalSpacing="xs" fz="sm">
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.label} data-testid={`fact-${row.testId}`}>
              <Table.Th w="34%" fw={500} c="dimmed">
                {row.label}
              </Table.Th>
              <Table.Td style={{ wordBreak: 'break-word' }}>{row.value}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}

function VerificationAlert({ verification }: { verification: VerifyBackupResult | null }) {
  if (!verification) return null;
  switch (verification.status) {
    case 'passed':
      return (
        <Alert color="teal" icon={<IconCircleCheck />} title="pg_verifybackup passed" data-testid="verification" data-status="passed">
          Every file matches backup_manifest&apos;s checksums and the WAL it needs parses (
          {verification.method === 'direct' ? 'checked in place' : 'checked on an extracted copy'}, pg_verifybackup {verification.toolVersion},{' '}
          {formatDurationSeconds(verification.elapsedMs / 1000)}).
        </Alert>
      );
    case 'failed':
      return (
        <Alert color="red" icon={<IconAlertTriangle />} title="pg_verifybackup found problems" data-testid="verification" data-status="failed">
          <List size="sm">
            {verification.problems.map((problem) => (
              <List.Item key={problem}>{problem}</List.Item>
            ))}
          </List>
        </Alert>
      );
    case 'not-checkable':
    case 'skipped':
      return (
        <Alert
          color="yellow"
          icon={<IconAlertTriangle />}
          title={verification.status === 'skipped' ? 'Not checked' : 'Cannot be checked'}
          data-testid="verification"
          data-status={verification.status}
        >
          {verification.reason}
        </Alert>
      );
  }
}

function PitrAlert({ pitr }: { pitr: PitrReadiness | null }) {
  if (!pitr) return null;
  if (pitr.usable) {
    return (
      <Alert color="teal" icon={<IconCircleCheck />} title="Usable for point-in-time recovery" data-testid="pitr-readiness" data-usable="true">
        Recovery can start from it: {walSources[pitr.walSource]}, and the archive continues from there.
      </Alert>
    );
  }
  return (
    <Alert color="orange" icon={<IconHourglass />} title="Not usable for point-in-time recovery yet" data-testid="pitr-readiness" data-usable="false">
      <Stack gap={4}>
        <Text size="sm">{pitr.reason}</Text>
        {pitr.waitingFor.length > 0 && (
          <Text size="sm">
            Waiting for: <Code>{pitr.waitingFor.join(', ')}</Code>
          </Text>
        )}
      </Stack>
    </Alert>
  );
}
