import { Alert, Badge, Group, List, Paper, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import type { Verification } from '../../../shared/domain/backup';
import { RowCountsTable } from '../../components/backups/row-counts-table';
import { formatTimestamp } from '../../components/backups/units';
import { formatDurationMs } from '../../../shared/format/duration';

const checkNames = { checksums: 'Checksums', readable: 'Readable', 'test-restore': 'Test restore' } as const;

/** Every verification the manifest records, newest first, each check with its one-line result. */
export function VerificationHistory({ verifications }: { verifications: readonly Verification[] }) {
  if (verifications.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Never verified. Verify checks every file against its SHA-256 and reads the archive back; with a test restore it also restores into a scratch database
        and compares each table's rows.
      </Text>
    );
  }
  return (
    <Stack gap="sm" data-testid="verification-history">
      {[...verifications].reverse().map((verification) => (
        <Paper key={verification.at} withBorder p="sm" radius="sm" data-testid="verification" data-ok={verification.ok}>
          <Group justify="space-between" mb={6}>
            <Group gap="xs">
              <Badge color={verification.ok ? 'teal' : 'red'} variant="light">
                {verification.ok ? 'Passed' : 'Failed'}
              </Badge>
              <Text size="sm">{formatTimestamp(verification.at)}</Text>
            </Group>
            <Text size="xs" c="dimmed">
              took {formatDurationMs(verification.durationMs)}
            </Text>
          </Group>
          <List spacing={4} size="sm" center>
            {verification.checks.map((check) => (
              <List.Item
                key={check.kind}
                icon={
                  <ThemeIcon size={18} radius="xl" color={check.ok ? 'teal' : 'red'} variant="light">
                    {check.ok ? <IconCheck size={12} /> : <IconX size={12} />}
                  </ThemeIcon>
                }
              >
                <Text span fw={600} size="sm">
                  {checkNames[check.kind]}:
                </Text>{' '}
                {check.summary}
              </List.Item>
            ))}
          </List>
          {verification.firstBrokenFile && (
            <Alert color="red" variant="light" mt="sm" title="First broken file">
              <Text size="sm" ff="monospace">
                {verification.firstBrokenFile.path}: {verification.firstBrokenFile.problem}
                {verification.firstBrokenFile.expected
                  ? ` (expected ${verification.firstBrokenFile.expected}, found ${verification.firstBrokenFile.actual ?? 'nothing'})`
                  : ''}
              </Text>
            </Alert>
          )}
          {verification.testRestore && (
            <Stack gap={6} mt="sm">
              <Text size="sm" c="dimmed">
                Restored into the scratch database <strong>{verification.testRestore.scratchDatabase}</strong> on {verification.testRestore.server}, then
                dropped it.
              </Text>
              <RowCountsTable tables={verification.testRestore.tables} maxHeightPx={260} />
              {verification.testRestore.problems.length > 0 && (
                <Alert
                  color="yellow"
                  variant="light"
                  title={`${verification.testRestore.problems.length} message${verification.testRestore.problems.length === 1 ? '' : 's'} during the test restore`}
                >
                  <List size="sm" spacing={2}>
                    {verification.testRestore.problems.map((problem, index) => (
                      <List.Item key={index}>{problem}</List.Item>
                    ))}
                  </List>
                </Alert>
              )}
            </Stack>
          )}
        </Paper>
      ))}
    </Stack>
  );
}
