import { Alert, Anchor, Button, Group, List, Stack, Text } from '@mantine/core';
import { IconArchive, IconArrowBack, IconCircleCheck, IconRestore } from '@tabler/icons-react';
import { useState } from 'react';
import type { JobSnapshotOf } from '../../../shared/contract/jobs';
import { hrefFor } from '../../app/routes';
import { useJob } from '../../bridge/use-job';
import { useNow } from '../../components/backups/use-now';
import { JobProgress } from '../../components/job-progress';
import { estimateRemainingMs } from './remaining-time';
import { formatBytes } from '../../../shared/format/bytes';
import { formatDurationMs } from '../../../shared/format/duration';
import { LinkButton } from '../../components/link-button';

/** A running backup: the estimate, the job's live progress and log, and where the result went. */
export function BackupRun({ jobId, onAgain }: { jobId: string; onAgain(): void }) {
  const [ended, setEnded] = useState<JobSnapshotOf<'backup.logical'> | null>(null);
  const result = ended?.state.status === 'succeeded' ? ended.state.result : null;

  return (
    <Stack gap="md" data-testid="backup-run">
      {!ended && <BackupEstimate jobId={jobId} />}
      <JobProgress kind="backup.logical" jobId={jobId} onFinished={setEnded} />
      {result && (
        <Alert
          color="teal"
          icon={<IconCircleCheck />}
          title={result.backups.length === 1 ? 'Backup complete' : `${result.backups.length} backups complete`}
          data-testid="backup-done"
        >
          <List spacing={6} size="sm">
            {result.backups.map((backup) => (
              <List.Item key={backup.id}>
                <Group gap="sm">
                  <Text size="sm">
                    <strong>{backup.database}</strong>: {formatBytes(backup.totalBytes)} in {formatDurationMs(backup.durationMs)}, checksummed and read back.
                  </Text>
                  <LinkButton
                    size="compact-sm"
                    variant="white"
                    to={{ page: 'backups', backupId: backup.id }}
                    leftSection={<IconArchive size={14} />}
                    data-testid="open-in-history"
                  >
                    Open in history
                  </LinkButton>
                  <LinkButton size="compact-sm" variant="subtle" to={{ page: 'logical-restore', backupId: backup.id }} leftSection={<IconRestore size={14} />}>
                    Restore it
                  </LinkButton>
                </Group>
              </List.Item>
            ))}
          </List>
          {result.verification.length > 0 && (
            <Text size="sm" mt="sm">
              Test restore:{' '}
              {result.verification.every((v) => v.ok)
                ? 'every table has the rows recorded at backup time.'
                : 'a problem was found; open the backup for the details.'}
            </Text>
          )}
        </Alert>
      )}
      {ended && ended.state.status !== 'succeeded' && (
        <Text size="sm" c="dimmed">
          Nothing that looks complete was left behind: the attempt is recorded in the{' '}
          <Anchor href={hrefFor({ page: 'backups' })} size="sm">
            history
          </Anchor>{' '}
          as {ended.state.status}, without data files.
        </Text>
      )}
      {ended && (
        <Group>
          <Button variant="default" leftSection={<IconArrowBack size={16} />} onClick={onAgain} data-testid="backup-again">
            Back to the form
          </Button>
        </Group>
      )}
    </Stack>
  );
}

/** "42 % · about 12 s left", from the job's fraction (weighted by table size) and the time so far. */
function BackupEstimate({ jobId }: { jobId: string }) {
  const { snapshot } = useJob('backup.logical', jobId);
  const nowMs = useNow(1000);
  if (!snapshot || snapshot.state.status !== 'running' || snapshot.state.progress.fraction === undefined) return null;
  const fraction = snapshot.state.progress.fraction;
  const elapsedMs = nowMs - Date.parse(snapshot.startedAt ?? snapshot.createdAt);
  const remainingMs = estimateRemainingMs(fraction, elapsedMs);
  // Early on the pace says nothing yet: better no estimate than a wild one.
  if (remainingMs === null) return null;
  return (
    <Text size="sm" data-testid="backup-estimate">
      <strong>{Math.round(fraction * 100)} %</strong> of the data dumped · about {formatDurationMs(remainingMs)} left at the pace so far
    </Text>
  );
}
