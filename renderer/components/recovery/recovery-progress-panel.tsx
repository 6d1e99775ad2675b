import { Group, Paper, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { recoveryJobKinds } from '../../../shared/contract/pitr';
import type { RecoveryProgress } from '../../../shared/domain/pitr';
import { formatLsn, lsnDistanceBytes } from '../../../shared/domain/wal';
import { useJob } from '../../bridge/use-job';
import { LabelledValue } from './labelled-value';
import { formatUtc } from './zoned-time';
import { formatBytes } from '../../../shared/format/bytes';
import { formatDurationSeconds } from '../../../shared/format/duration';

const phaseLabels: Record<RecoveryProgress['phase'], string> = {
  preparing: 'Preparing the destination',
  extracting: 'Extracting the base backup',
  configuring: 'Writing the recovery settings',
  starting: 'Starting PostgreSQL',
  replaying: 'Replaying WAL',
  promoting: 'Promoting',
  inspecting: 'Paused at the target',
  finishing: 'Checking and counting rows',
  done: 'Done',
};

/**
 * What a recovery is doing, in numbers: where replay is against where it must get, segments
 * fetched from the repository, elapsed and time left: the detail of the job's progress, as it streams.
 */
export function RecoveryProgressPanel({ jobId }: { jobId: string }) {
  const { snapshot } = useJob(recoveryJobKinds, jobId);
  // Shown while the job runs: its detail is the latest figures.
  const p = snapshot?.state.status === 'running' ? snapshot.state.progress.detail : undefined;
  if (!p) return null;
  const totalBytes = p.startLsn && p.targetLsn ? Number(lsnDistanceBytes(p.startLsn, p.targetLsn)) : null;
  const replayFraction = totalBytes && totalBytes > 0 ? Math.min(1, p.replayedBytes / totalBytes) : null;

  return (
    <Paper withBorder radius="md" p="lg" data-testid="recovery-progress" data-phase={p.phase}>
      <Stack gap="md">
        <Group justify="space-between">
          <Text fw={650}>{phaseLabels[p.phase]}</Text>
          <Text size="sm" c="dimmed">
            {formatDurationSeconds(p.elapsedMs / 1000)} elapsed{p.etaMs !== null ? ` · about ${formatDurationSeconds(p.etaMs / 1000)} left` : ''}
          </Text>
        </Group>
        {p.phase === 'extracting' && p.extractTotalBytes > 0 && (
          <Stack gap={4}>
            <Progress value={(p.extractedBytes / p.extractTotalBytes) * 100} size="md" aria-label="Base backup extracted" />
            <Text size="sm">
              {formatBytes(p.extractedBytes)} of {formatBytes(p.extractTotalBytes)} of the base backup extracted
            </Text>
          </Stack>
        )}
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="lg">
          <LabelledValue label="Replayed to" testId="progress-replay-lsn" strong>
            {p.replayLsn ? formatLsn(p.replayLsn) : '—'}
            {p.targetLsn && <Text span c="dimmed" size="sm">{` of ${formatLsn(p.targetLsn)}`}</Text>}
          </LabelledValue>
          <LabelledValue label="WAL segments fetched" testId="progress-segments" strong>
            {p.segmentsRestored}
            {p.segmentsExpected !== null && <Text span c="dimmed" size="sm">{` of about ${p.segmentsExpected}`}</Text>}
          </LabelledValue>
          <LabelledValue label="Replay speed" testId="progress-speed" strong>
            {p.bytesPerSecond ? `${formatBytes(p.bytesPerSecond)}/s` : '—'}
          </LabelledValue>
          <LabelledValue label="Last replayed commit" testId="progress-last-commit" strong>
            {p.lastReplayedCommitTime ? formatUtc(p.lastReplayedCommitTime) : '—'}
          </LabelledValue>
        </SimpleGrid>
        {replayFraction !== null && <Progress value={replayFraction * 100} size="sm" color="indigo" aria-label="WAL replayed" />}
        {p.lastRestoredSegment && (
          <Text size="xs" c="dimmed">
            Last segment fetched from the repository: {p.lastRestoredSegment}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
