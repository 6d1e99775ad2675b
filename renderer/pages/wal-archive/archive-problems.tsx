import { Alert, Code, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconFileUnknown, IconScissors } from '@tabler/icons-react';
import { formatLsn } from '../../../shared/domain/wal';
import type { WalArchiveSummary } from '../../../shared/domain/wal-archive';
import { formatBytes } from '../../../shared/format/bytes';

/** Gaps and what they cut off, truncated segments, and files that are not WAL. */
export function ArchiveProblems({ summary }: { summary: WalArchiveSummary }) {
  const { gaps, truncatedSegments, strayFiles } = summary;
  if (gaps.length === 0 && truncatedSegments.length === 0 && strayFiles.length === 0) {
    return (
      <Text size="sm" c="teal.8" fw={600} data-testid="archive-continuous">
        No gap: every timeline&apos;s segments follow one another without a missing one.
      </Text>
    );
  }
  return (
    <Stack gap="sm">
      {gaps.map((gap) => (
        <Alert
          key={`${gap.timeline}-${gap.firstMissing}`}
          color="red"
          icon={<IconAlertTriangle />}
          title={`Gap on timeline ${gap.timeline}: ${gap.missingCount} segment${gap.missingCount === 1 ? '' : 's'} missing`}
          data-testid="archive-gap"
        >
          <Stack gap={4}>
            <Text size="sm">
              <Code>{gap.firstMissing}</Code>
              {gap.missingCount > 1 && (
                <>
                  {' '}
                  to <Code>{gap.lastMissing}</Code>
                </>
              )}{' '}
              (WAL <Code>{formatLsn(gap.fromLsn)}</Code> to <Code>{formatLsn(gap.toLsn)}</Code>) are not in the archive.
            </Text>
            <Text size="sm">
              Replay cannot cross it: {gap.segmentsCutOff.toLocaleString()} later segment{gap.segmentsCutOff === 1 ? '' : 's'}
              {gap.lastSegmentCutOff ? (
                <>
                  {' '}
                  (up to <Code>{gap.lastSegmentCutOff}</Code>)
                </>
              ) : null}{' '}
              can only be reached from a base backup taken after the gap.
              {gap.backupsCutOff.length > 0 && (
                <>
                  {' '}
                  Recovery from {gap.backupsCutOff.length === 1 ? 'base backup' : 'base backups'} <Code>{gap.backupsCutOff.join(', ')}</Code> stops here.
                </>
              )}
            </Text>
          </Stack>
        </Alert>
      ))}
      {truncatedSegments.length > 0 && (
        <Alert color="red" icon={<IconScissors />} title="Segments cut short" data-testid="archive-truncated">
          <Text size="sm">
            Smaller than the segment size, uncompressed: a copy that did not finish (an unsafe archive_command, a full disk). Recovery stops at the first one.
          </Text>
          <List size="sm" mt={4}>
            {truncatedSegments.map((name) => (
              <List.Item key={name}>
                <Code>{name}</Code>
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {strayFiles.length > 0 && (
        <Alert color="gray" icon={<IconFileUnknown />} title="Files that are not WAL" data-testid="archive-strays">
          <Text size="sm">Temporary files of an archiver that was interrupted, or files someone put here. They are left alone.</Text>
          <List size="sm" mt={4}>
            {strayFiles.map((file) => (
              <List.Item key={file.fileName}>
                <Code>{file.fileName}</Code> ({formatBytes(file.sizeBytes)})
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}
