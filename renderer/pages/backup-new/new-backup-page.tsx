import { Button, EmptyState, Group, Loader, Stack, Text } from '@mantine/core';
import { IconDatabase, IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import type { ProfileView } from '../../../shared/domain/profile';
import { useMutationRequest, useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { draftProblem, initialDraft, requestOf, type BackupDraft } from './backup-draft';
import { BackupForm } from './backup-form';
import { BackupRun } from './backup-run';
import { CommandPreview } from './command-preview';
import { LinkButton } from '../../components/link-button';

/** A logical backup: the form, the exact command it will run, then the job as it happens. */
export function NewBackupPage({ profileId }: { profileId: string | null }) {
  const profiles = useRequest('profiles.list', {});
  if (profiles.isPending) return <Loader />;
  if (profiles.error) return <ErrorAlert error={profiles.error} title="Cannot read the connection profiles" />;
  // The connection named in the address, else the only one there is.
  const profile = profiles.data.find((candidate) => candidate.id === profileId) ?? (profiles.data.length === 1 ? profiles.data[0]! : null);
  // Keyed by it: a list read from the cache before a refresh must not pin the form to "no server".
  return <NewBackup key={profile?.id ?? ''} profiles={profiles.data} initialProfile={profile} />;
}

function NewBackup({ profiles, initialProfile }: { profiles: ProfileView[]; initialProfile: ProfileView | null }) {
  const [draft, setDraft] = useState<BackupDraft>(() => initialDraft(initialProfile));
  const [jobId, setJobId] = useState<string | null>(null);
  const start = useMutationRequest('backups.startLogical', { invalidates: ['backups.list', 'jobs.list'], onSuccess: (started) => setJobId(started.jobId) });
  const change = (patch: Partial<BackupDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const problem = draftProblem(draft);
  const request = requestOf(draft);

  return (
    <>
      <PageHeader
        title="New logical backup"
        description="pg_dump of one database, several or all, written to the repository under a temporary name and shown in the history only once every file is fsynced and checksummed."
      />
      {profiles.length === 0 ? (
        <EmptyState
          icon={<IconDatabase size={32} />}
          title="No connection to back up"
          description="A backup is taken from a server Tidemark can reach: add a connection first, or create the local sandbox from the Overview."
        >
          <EmptyState.Actions>
            <LinkButton to={{ page: 'new-connection' }}>Add a connection</LinkButton>
          </EmptyState.Actions>
        </EmptyState>
      ) : jobId ? (
        <BackupRun
          jobId={jobId}
          onAgain={() => {
            setJobId(null);
            start.reset();
          }}
        />
      ) : (
        <Stack gap="md">
          <BackupForm draft={draft} onChange={change} profiles={profiles} />
          <CommandPreview request={request} problem={problem} />
          {start.error && <ErrorAlert error={start.error} title="The backup did not start" />}
          <Group justify="flex-end" gap="md">
            {problem && (
              <Text size="sm" c="dimmed">
                {problem}
              </Text>
            )}
            <Button
              size="md"
              leftSection={<IconPlayerPlay size={18} />}
              disabled={request === null}
              loading={start.isPending}
              onClick={() => request && start.mutate(request)}
              data-testid="start-backup"
            >
              Start the backup
            </Button>
          </Group>
        </Stack>
      )}
    </>
  );
}
