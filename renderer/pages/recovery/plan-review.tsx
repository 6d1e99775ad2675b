import { Alert, Code, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { RecoveryPlan } from '../../../shared/domain/pitr';
import { LabelledValue } from '../../components/recovery/labelled-value';
import { formatUtc } from '../../components/recovery/zoned-time';
import { formatBytes } from '../../../shared/format/bytes';

/** The review before starting: what is read, where it goes, and exactly what is written. */
export function PlanReview({ plan }: { plan: RecoveryPlan }) {
  const destination = plan.destination;
  return (
    <Paper withBorder radius="md" p="lg" data-testid="plan-review">
      <Stack gap="md">
        <Title order={3} size="h4">
          Review
        </Title>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md" verticalSpacing="sm">
          <LabelledValue label="Target">{plan.target.description}</LabelledValue>
          <LabelledValue label="Recovered cluster">{plan.name}</LabelledValue>
          <LabelledValue label="Base backup">
            {plan.backup.id}
            {plan.backup.stopTime ? `, ended ${formatUtc(plan.backup.stopTime)}` : ''}
          </LabelledValue>
          <LabelledValue label="WAL to replay">
            {plan.wal.segmentCount} segment{plan.wal.segmentCount === 1 ? '' : 's'} ({formatBytes(plan.wal.sizeBytes)}) from {plan.wal.firstSegment}
            {plan.wal.lastSegment ? ` to ${plan.wal.lastSegment}` : ' onwards (where it stops is found while replaying)'}
          </LabelledValue>
          <LabelledValue label="Destination">
            {destination.kind === 'new-directory' ? (
              <>
                <Code>{destination.dataDir}</Code> on port {destination.port}
              </>
            ) : (
              <>
                {destination.clusterName} in place: <Code>{destination.dataDir}</Code> on port {destination.port}, the current data moved aside
              </>
            )}
          </LabelledValue>
          <LabelledValue label="At the target">
            {plan.pauseForInspection ? 'Pause, read-only, for inspection' : 'Promote: a read-write server on a new timeline'}
          </LabelledValue>
        </SimpleGrid>
        {plan.warnings.length > 0 && (
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle />} title="Worth knowing" data-testid="plan-warnings">
            <List size="sm">
              {plan.warnings.map((warning) => (
                <List.Item key={warning}>{warning}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Stack gap={6}>
          <Text fw={600} size="sm">
            Written at the end of postgresql.auto.conf
          </Text>
          <Code block data-testid="plan-settings" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all', fontSize: 13 }}>
            {plan.settingsLines.join('\n')}
          </Code>
        </Stack>
        <Stack gap={6}>
          <Text fw={600} size="sm">
            Also written in the {destination.kind === 'new-directory' ? 'new ' : ''}data directory
          </Text>
          <List size="sm" spacing={2}>
            {plan.filesWritten.map((file) => (
              <List.Item key={file} style={{ wordBreak: 'break-word' }}>
                {file}
              </List.Item>
            ))}
          </List>
        </Stack>
        <Stack gap={6}>
          <Text fw={600} size="sm">
            What happens, in order
          </Text>
          <List type="ordered" size="sm" spacing={2}>
            {plan.steps.map((step) => (
              <List.Item key={step} style={{ wordBreak: 'break-word' }}>
                {step}
              </List.Item>
            ))}
          </List>
          <Text size="xs" c="dimmed">
            Nothing is written to the source server or to the repository. A failed or cancelled recovery removes what it made.
          </Text>
        </Stack>
      </Stack>
    </Paper>
  );
}
