import { Alert, Code, Group, List, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ArchiveRef } from '../../../shared/contract/wal';
import type { WalCleanupPlan, WalCleanupResult } from '../../../shared/domain/wal-archive';
import { useMutationRequest, useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { TypedNameConfirm } from '../../components/typed-name-confirm';
import { rereadArchive } from './archive-queries';
import { cleanupOutcome, fileCount, keptBackupRows } from './cleanup-explanation';
import { WalCleanupPreview } from './wal-cleanup-preview';
import { formatBytes } from '../../../shared/format/bytes';

/**
 * "Clean up old WAL": the preview of what pg_archivecleanup's rule would delete, then the
 * deletion once its count is typed. The count confirmed is the one the user saw: the service
 * refuses it if the archive or the backups changed since, and the preview is read again.
 */
export function WalCleanupPanel({ archive }: { archive: ArchiveRef }) {
  const queryClient = useQueryClient();
  const preview = useRequest('wal.cleanupPreview', archive);
  const cleanup = useMutationRequest('wal.cleanup');
  const [confirming, setConfirming] = useState<WalCleanupPlan | null>(null);

  const confirm = (plan: WalCleanupPlan) =>
    cleanup.mutate(
      { ...archive, confirmCount: plan.deleteCount },
      {
        // Success or refusal, the archive is not what the screen shows any more.
        onSettled: () => {
          setConfirming(null);
          void rereadArchive(queryClient);
        },
      },
    );

  return (
    <Paper withBorder p="lg" radius="md" data-testid="wal-cleanup">
      <Stack gap="md">
        <Group justify="space-between" align="baseline">
          <Title order={3} size="h5">
            Clean up old WAL
          </Title>
          <Text size="xs" c="dimmed">
            pg_archivecleanup&apos;s rule, keyed to the oldest base backup kept in the repository
          </Text>
        </Group>
        {cleanup.data && <CleanupResult result={cleanup.data} onClose={() => cleanup.reset()} />}
        {cleanup.error && (
          <ErrorAlert
            error={cleanup.error}
            title={cleanup.error.code === 'conflict' ? 'The archive changed since the preview: nothing was deleted' : 'The cleanup failed'}
          />
        )}
        {preview.isPending && (
          <Group gap="sm">
            <Loader size="sm" />
            <Text size="sm">Working out which WAL no kept backup needs…</Text>
          </Group>
        )}
        {preview.error && <ErrorAlert error={preview.error} title="Cannot preview the cleanup" />}
        {preview.data && (
          <WalCleanupPreview
            plan={preview.data}
            // A preview being read again may be about to change: confirm only a fresh one.
            deleteDisabled={preview.isFetching || cleanup.isPending}
            onDelete={() => {
              cleanup.reset();
              setConfirming(preview.data);
            }}
          />
        )}
      </Stack>
      {confirming && (
        <TypedNameConfirm
          opened
          onClose={() => setConfirming(null)}
          title={`Delete ${fileCount(confirming.deleteCount)} of archived WAL?`}
          name={String(confirming.deleteCount)}
          actionLabel={`Delete ${fileCount(confirming.deleteCount)}`}
          pending={cleanup.isPending}
          error={null}
          onConfirm={() => confirm(confirming)}
        >
          <ConfirmText plan={confirming} />
        </TypedNameConfirm>
      )}
    </Paper>
  );
}

function ConfirmText({ plan }: { plan: WalCleanupPlan }) {
  const oldest = keptBackupRows(plan).find((kept) => kept.setsCutoff);
  return (
    <Stack gap="xs">
      <Text size="sm">
        {fileCount(plan.deleteCount)} ({formatBytes(plan.deleteBytes)}), <Code>{plan.firstDeleted}</Code> to <Code>{plan.lastDeleted}</Code>, leave the archive
        for good; this cannot be undone.
      </Text>
      <Text size="sm">
        No kept base backup needs them: the oldest, <Code>{oldest?.backupId}</Code>, starts at <Code>{plan.oldestNeededSegment}</Code>. Without an older base
        backup, no recovery could start from them anyway.
      </Text>
      <Text size="sm" c="dimmed">
        If the archive or the backups changed since this preview, nothing is deleted and the preview is read again.
      </Text>
    </Stack>
  );
}

function CleanupResult({ result, onClose }: { result: WalCleanupResult; onClose: () => void }) {
  const outcome = cleanupOutcome(result);
  return (
    <Alert
      color={outcome.color}
      icon={outcome.color === 'teal' ? <IconCircleCheck /> : <IconAlertTriangle />}
      title={outcome.title}
      withCloseButton
      onClose={onClose}
      data-testid="wal-cleanup-result"
      data-deleted={result.deleted}
    >
      <Stack gap={4}>
        {result.deleted > 0 && (
          <Text size="sm">
            <Code>{result.firstDeleted}</Code> to <Code>{result.lastDeleted}</Code> {result.failures.length > 0 ? 'went, but for the files below' : 'are gone'};
            everything from <Code>{result.oldestNeededSegment}</Code> on is kept.
          </Text>
        )}
        {result.failures.length > 0 && (
          <List size="sm" data-testid="wal-cleanup-failures">
            {result.failures.map((failure) => (
              <List.Item key={failure.fileName}>
                <Code>{failure.fileName}</Code>: {failure.message}
              </List.Item>
            ))}
          </List>
        )}
      </Stack>
    </Alert>
  );
}
