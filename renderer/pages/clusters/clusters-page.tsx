import { Alert, Badge, Code, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconExternalLink, IconHistory, IconInfoCircle, IconPlayerPause } from '@tabler/icons-react';
import { useState } from 'react';
import type { ManagedClusterView } from '../../../shared/domain/pitr';
import { recoveryJobKinds } from '../../../shared/contract/pitr';
import { useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { JobProgress } from '../../components/job-progress';
import { PageHeader } from '../../components/page-header';
import { PausedRecoveryActions } from '../../components/recovery/paused-recovery-actions';
import { ManagedClusterControls } from '../../components/recovery/managed-cluster-controls';
import { formatUtc, viewerZone } from '../../components/recovery/zoned-time';
import { OldDataDirs } from './old-data-dirs';
import { LinkButton } from '../../components/link-button';

const stateBadge: Record<ManagedClusterView['state'], { color: string; label: string }> = {
  running: { color: 'teal', label: 'Running' },
  stopped: { color: 'gray', label: 'Stopped' },
  missing: { color: 'red', label: 'Data directory missing' },
};

/** The local clusters Tidemark runs as you: the sandbox and recovered copies, with the data directories in-place recoveries kept. */
export function ClustersPage() {
  const clusters = useRequest('clusters.list', {}, { refetchInterval: 5000 });
  return (
    <>
      <PageHeader
        title="Clusters"
        description="The PostgreSQL clusters Tidemark manages on this machine: the sandbox and the copies point-in-time recovery made. They run as you, on 127.0.0.1."
        actions={
          <LinkButton to={{ page: 'recovery' }} leftSection={<IconHistory size={16} />}>
            Recover to a point in time
          </LinkButton>
        }
      />
      {clusters.isPending && <Loader />}
      {clusters.error && <ErrorAlert error={clusters.error} />}
      {clusters.data?.length === 0 && (
        <Alert color="blue" icon={<IconInfoCircle />} title="No managed clusters yet">
          Create the sandbox from the Overview, or recover a server to a point in time: the copy appears here.
        </Alert>
      )}
      <Stack gap="lg">
        {clusters.data?.map((cluster) => (
          <ClusterCard key={cluster.id} cluster={cluster} />
        ))}
      </Stack>
    </>
  );
}

function ClusterCard({ cluster }: { cluster: ManagedClusterView }) {
  const [followUpJob, setFollowUpJob] = useState<string | null>(null);
  const badge = stateBadge[cluster.state];
  const recovery = cluster.recovery;
  const paused = recovery?.status === 'paused' && cluster.state === 'running';

  return (
    <Paper withBorder radius="md" p="lg" data-testid="managed-cluster" data-cluster-id={cluster.id} data-cluster-state={cluster.state}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
            <Group gap="sm">
              <Title order={3} size="h4" data-testid="managed-cluster-name">
                {cluster.name}
              </Title>
              <Badge variant="light" color={cluster.role === 'sandbox' ? 'indigo' : 'grape'}>
                {cluster.role === 'sandbox' ? 'Sandbox' : 'Recovered copy'}
              </Badge>
              <Badge variant="light" color={badge.color} data-testid="managed-cluster-state">
                {badge.label}
              </Badge>
              {paused && (
                <Badge variant="filled" color="blue" leftSection={<IconPlayerPause size={12} />}>
                  Paused for inspection
                </Badge>
              )}
            </Group>
            <Text size="sm" c="dimmed">
              PostgreSQL {cluster.majorVersion} on 127.0.0.1:{cluster.port} · data in <Code>{cluster.dataDir}</Code>
            </Text>
            {recovery && (
              <Text size="sm">
                Recovered to {recovery.target.description}, from base backup {recovery.backupId}; {recovery.status}
                {recovery.endedAt ? ` ${formatUtc(recovery.endedAt)}` : ''}.
              </Text>
            )}
          </Stack>
          <Group gap="xs" wrap="nowrap">
            {cluster.profileId && (
              <LinkButton size="sm" variant="default" to={{ page: 'connection', profileId: cluster.profileId }} leftSection={<IconExternalLink size={16} />}>
                Open
              </LinkButton>
            )}
            <ManagedClusterControls cluster={cluster} />
          </Group>
        </Group>
        {paused && recovery && !followUpJob && (
          <PausedRecoveryActions
            clusterId={cluster.id}
            systemIdentifier={recovery.systemIdentifier}
            timeZone={viewerZone()}
            onJobStarted={(jobId) => setFollowUpJob(jobId)}
          />
        )}
        {followUpJob && <JobProgress kind={recoveryJobKinds} jobId={followUpJob} />}
        <OldDataDirs cluster={cluster} />
      </Stack>
    </Paper>
  );
}
