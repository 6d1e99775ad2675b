import { Code, Stack, Text } from '@mantine/core';
import type { RetentionPlan } from '../../../shared/domain/retention';
import { formatBytes } from '../../../shared/format/bytes';

/** What the plan does to the WAL archive, cluster by cluster. */
export function RetentionWalSummary({ plan }: { plan: RetentionPlan }) {
  if (plan.wal.length === 0) return null;
  return (
    <Stack gap="sm" data-testid="retention-wal">
      {plan.wal.map((wal) => (
        <Stack key={wal.systemIdentifier} gap={4} data-testid="retention-wal-cluster" data-pruned={wal.segmentsPruned}>
          <Text size="sm" fw={600}>
            WAL of cluster {wal.systemIdentifier}:{' '}
            {wal.segmentsPruned === 0 ? 'nothing to prune' : `prune ${wal.segmentsPruned} segment file(s), ${formatBytes(wal.bytesPruned)}`}
          </Text>
          {wal.firstPruned && (
            <Text size="sm">
              <Code>{wal.firstPruned}</Code> … <Code>{wal.lastPruned}</Code>
            </Text>
          )}
          {wal.timelines.map((timeline) => (
            <Text key={timeline.timeline} size="sm" c="dimmed">
              Timeline {timeline.timeline}: prune {timeline.prunedCount}, keep {timeline.keptCount}
              {timeline.keepFrom ? ` from ${timeline.keepFrom}` : ''} ({timeline.why})
            </Text>
          ))}
          <Text size="sm" c="dimmed">
            {wal.historyAndBackupFilesKept} .history and .backup file(s) are always kept.
          </Text>
          {wal.notes.map((note) => (
            <Text key={note} size="sm" c="dimmed">
              {note}
            </Text>
          ))}
        </Stack>
      ))}
    </Stack>
  );
}
