import { Alert, Group, Loader, Radio, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import type { ServerReport } from '../../../shared/domain/server';
import { useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { formatUtc } from '../../components/recovery/zoned-time';
import type { ClusterChoice } from './recovery-draft';

/**
 * Step 1: whose backups and archive. Usually a saved connection; when the server is gone, its
 * cluster in the repository, by system identifier.
 */
export function ClusterStep({
  cluster,
  onChange,
  report,
}: {
  cluster: ClusterChoice | null;
  onChange: (cluster: ClusterChoice | null) => void;
  report: ReturnType<typeof useServerReport>;
}) {
  const profiles = useRequest('profiles.list', {});
  const repository = useRequest('wal.clusters', {});
  // Which way is being chosen, kept apart from the choice itself (switching clears the choice).
  const [kind, setKind] = useState<ClusterChoice['kind']>(cluster?.kind ?? 'profile');
  const choose = (next: ClusterChoice['kind']) => {
    setKind(next);
    const onlyCluster = repository.data?.systemIdentifiers.length === 1 ? repository.data.systemIdentifiers[0]! : null;
    if (next === 'repository') onChange(onlyCluster ? { kind: 'repository', systemIdentifier: onlyCluster } : null);
    else onChange(profiles.data?.length === 1 ? { kind: 'profile', profileId: profiles.data[0]!.id } : null);
  };

  return (
    <Stack gap="lg">
      <SegmentedControl
        value={kind}
        onChange={(value) => choose(value as ClusterChoice['kind'])}
        data={[
          { value: 'profile', label: 'A saved connection' },
          { value: 'repository', label: 'A cluster in the repository (the server is gone)' },
        ]}
        w="fit-content"
        data-testid="cluster-source"
      />
      {kind === 'profile' && (
        <Stack gap="sm">
          {profiles.error && <ErrorAlert error={profiles.error} />}
          <Select
            label="Connection"
            placeholder="Pick the server whose data you want back"
            data={(profiles.data ?? []).map((profile) => ({ value: profile.id, label: `${profile.name} — ${profile.summary}` }))}
            value={cluster?.kind === 'profile' ? cluster.profileId : null}
            onChange={(profileId) => onChange(profileId ? { kind: 'profile', profileId } : null)}
            maw={640}
            data-testid="cluster-profile"
          />
          {cluster?.kind === 'profile' && <ServerAnswer report={report} />}
        </Stack>
      )}
      {kind === 'repository' && (
        <Stack gap="sm">
          {repository.isPending && <Loader size="sm" />}
          {repository.error && <ErrorAlert error={repository.error} />}
          {repository.data && repository.data.systemIdentifiers.length === 0 && (
            <Alert color="yellow" icon={<IconInfoCircle />}>
              The repository {repository.data.repositoryDir} holds no archived WAL yet: nothing can be recovered from it alone.
            </Alert>
          )}
          {repository.data && repository.data.systemIdentifiers.length > 0 && (
            <Radio.Group
              label="Cluster"
              description={`Clusters whose WAL the repository ${repository.data.repositoryDir} holds, by system identifier (pg_controldata calls it "Database system identifier").`}
              value={cluster?.kind === 'repository' ? cluster.systemIdentifier : null}
              onChange={(systemIdentifier) => onChange({ kind: 'repository', systemIdentifier })}
            >
              <Stack gap="xs" mt="xs">
                {repository.data.systemIdentifiers.map((id) => (
                  <Radio key={id} value={id} label={<RepositoryClusterLabel systemIdentifier={id} />} />
                ))}
              </Stack>
            </Radio.Group>
          )}
        </Stack>
      )}
    </Stack>
  );
}

function RepositoryClusterLabel({ systemIdentifier }: { systemIdentifier: string }) {
  const backups = useRequest('physical.list', { systemIdentifier });
  const complete = backups.data?.filter((backup) => backup.status === 'complete') ?? [];
  const latest = complete.find((backup) => backup.points)?.points;
  return (
    <Group gap="sm">
      <Text ff="monospace">{systemIdentifier}</Text>
      {backups.data && (
        <Text size="sm" c="dimmed">
          {complete.length} complete base backup{complete.length === 1 ? '' : 's'}
          {latest ? `, the latest ended ${formatUtc(latest.stopTime)}` : ''}
        </Text>
      )}
    </Group>
  );
}

/** The chosen connection's live answer: its zone (the picker's default) and identity, or why it is not needed. */
export function useServerReport(cluster: ClusterChoice | null) {
  return useRequest('profiles.test', { id: cluster?.kind === 'profile' ? cluster.profileId : '' }, { enabled: cluster?.kind === 'profile' });
}

function ServerAnswer({ report }: { report: { data?: ServerReport; error: unknown; isPending: boolean; isFetching: boolean } }) {
  if (report.isFetching && !report.data) {
    return (
      <Group gap="sm">
        <Loader size="xs" />
        <Text size="sm">Asking the server…</Text>
      </Group>
    );
  }
  if (report.error) {
    return (
      <Alert color="yellow" icon={<IconInfoCircle />} title="The server does not answer" data-testid="server-gone">
        Recovery works from the repository alone: its base backups and archived WAL still identify this cluster. The time zone below defaults to this
        computer's, since the server cannot say its own.
      </Alert>
    );
  }
  if (!report.data) return null;
  const facts = report.data.facts;
  return (
    <Group gap={6} data-testid="server-answer">
      <IconCircleCheck size={18} color="var(--mantine-color-teal-7)" />
      <Text size="sm">
        PostgreSQL {facts.majorVersion}, system identifier{' '}
        <Text span ff="monospace">
          {facts.systemIdentifier ?? 'unknown'}
        </Text>
        , time zone <strong>{facts.timeZone}</strong>. The source is only read: recovery never writes to it.
      </Text>
    </Group>
  );
}
