import { Group, Loader, Stack, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { RequestName } from '../../../shared/contract';
import type { JobSnapshotOf } from '../../../shared/contract/jobs';
import type { PhysicalBackupResult } from '../../../shared/domain/physical';
import type { ProfileView } from '../../../shared/domain/profile';
import { useMutationRequest, useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { JobProgress } from '../../components/job-progress';
import { PhysicalBackupFacts } from '../../components/wal/physical-backup-facts';
import { ProfileMention, ProfileSubpage } from '../../components/profile-subpage';
import { PhysicalBackupForm, requestOf } from './physical-backup-form';
import { PhysicalBackupsTable } from './physical-backups-table';
import { PageSection } from '../../components/page-section';

/** The answers a new base backup makes stale: the history, the archive, the window. */
const staleAfterBackup: RequestName[] = ['physical.list', 'backups.list', 'wal.window', 'wal.summary', 'wal.segments', 'archive.status'];

/** pg_basebackup for one connection: the form, the live job, the result, and this cluster's earlier base backups. */
export function PhysicalBackupPage({ profileId }: { profileId: string }) {
  return (
    <ProfileSubpage
      profileId={profileId}
      title="Physical backup"
      description={(profile) => (
        <>
          A base backup of the whole cluster behind <ProfileMention profile={profile} /> with pg_basebackup: the starting point of every point-in-time recovery.
        </>
      )}
    >
      {(profile) => <PhysicalBackupRunner profile={profile} />}
    </ProfileSubpage>
  );
}

function PhysicalBackupRunner({ profile }: { profile: ProfileView }) {
  const queryClient = useQueryClient();
  const capabilities = useRequest('physical.capabilities', { server: { profileId: profile.id } });
  const report = useRequest('profiles.test', { id: profile.id });
  const [jobId, setJobId] = useState<string | null>(null);
  const [result, setResult] = useState<PhysicalBackupResult | null>(null);
  const [running, setRunning] = useState(false);
  const start = useMutationRequest('physical.backup', {
    onSuccess: ({ jobId: started }) => {
      setJobId(started);
      setResult(null);
      setRunning(true);
    },
  });

  const onFinished = (snapshot: JobSnapshotOf<'backup.physical'>) => {
    setRunning(false);
    void Promise.all(staleAfterBackup.map((name) => queryClient.invalidateQueries({ queryKey: [name] })));
    if (snapshot.state.status === 'succeeded') setResult(snapshot.state.result);
  };

  return (
    <Stack gap="xl">
      {capabilities.isPending && (
        <Group gap="sm">
          <Loader size="sm" />
          <Text>Asking the server and pg_basebackup what they can do…</Text>
        </Group>
      )}
      {capabilities.error && <ErrorAlert error={capabilities.error} title="Cannot prepare a physical backup" />}
      {capabilities.data && (
        <PhysicalBackupForm
          capabilities={capabilities.data}
          starting={start.isPending}
          disabled={running}
          onStart={(draft) => start.mutate(requestOf(draft, profile.id))}
        />
      )}
      {start.error && <ErrorAlert error={start.error} title="Could not start the backup" />}
      {jobId && <JobProgress key={jobId} kind="backup.physical" jobId={jobId} onFinished={onFinished} />}
      {result && (
        <PageSection title="Result">
          <PhysicalBackupFacts backup={result.backup} durationMs={result.durationMs} toolMs={result.toolMs} />
        </PageSection>
      )}
      <PageSection title="Base backups of this cluster">
        {report.data?.facts.systemIdentifier ? (
          <PhysicalBackupsTable systemIdentifier={report.data.facts.systemIdentifier} repositoryDir={profile.repositoryDir} />
        ) : report.error ? (
          <ErrorAlert error={report.error} title="Cannot tell which cluster this is" />
        ) : (
          <Loader size="sm" />
        )}
      </PageSection>
    </Stack>
  );
}
