import { Button, Checkbox, Group, Stack, Text } from '@mantine/core';
import { IconShieldCheck } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { BackupKind } from '../../../shared/domain/backup';
import { useMutationRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { JobProgress } from '../../components/job-progress';

/**
 * Verify on demand, followed live: a logical backup's checksums and readability, optionally with a
 * test restore; a base backup's files and pg_verifybackup.
 */
export function VerifyPanel({ backupId, kind, hasProfile }: { backupId: string; kind: BackupKind; hasProfile: boolean }) {
  const queryClient = useQueryClient();
  const [testRestore, setTestRestore] = useState(kind === 'logical' && hasProfile);
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useMutationRequest('backups.verify', { onSuccess: (started) => setJobId(started.jobId) });

  return (
    <Stack gap="sm" data-testid="verify-panel">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        {kind === 'physical' ? (
          <Text size="sm" c="dimmed" data-testid="verify-physical-explained">
            Checks that every file is there with its size and recorded SHA-256, then pg_verifybackup checks the data against PostgreSQL&apos;s backup_manifest
            and parses the WAL the backup needs (a tar backup is extracted into a scratch folder first, and removed after). To prove it restores, recover a copy
            from it (Recovery).
          </Text>
        ) : (
          <Checkbox
            checked={testRestore}
            onChange={(event) => setTestRestore(event.currentTarget.checked)}
            disabled={!hasProfile}
            label="Also test-restore it"
            description={
              hasProfile
                ? "Restores into a scratch database on the backup's server, compares every table's rows with the counts recorded at backup time, then drops it."
                : 'Needs the server the backup came from: this backup has no profile.'
            }
            data-testid="verify-test-restore"
          />
        )}
        <Button
          leftSection={<IconShieldCheck size={16} />}
          loading={start.isPending}
          onClick={() => {
            setJobId(null);
            start.mutate({ id: backupId, testRestore });
          }}
          data-testid="verify-start"
          style={{ flexShrink: 0 }}
        >
          Verify now
        </Button>
      </Group>
      {start.error && <ErrorAlert error={start.error} title="Could not start the verification" />}
      {jobId && (
        <JobProgress
          key={jobId}
          kind="backup.verify"
          jobId={jobId}
          onFinished={() => {
            // The verification is appended to the manifest: the pane and the list's badge change.
            void queryClient.invalidateQueries({ queryKey: ['backups.get'] });
            void queryClient.invalidateQueries({ queryKey: ['backups.list'] });
            // A base backup's pg_verifybackup verdict shows in its cluster's list and in recovery planning.
            if (kind === 'physical') void queryClient.invalidateQueries({ queryKey: ['physical.list'] });
          }}
        />
      )}
    </Stack>
  );
}
