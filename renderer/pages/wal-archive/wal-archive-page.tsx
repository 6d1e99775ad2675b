import { Alert, Anchor, Badge, Button, Code, Drawer, Group, Loader, Paper, Select, SimpleGrid, Stack, Text, Title, UnstyledButton } from '@mantine/core';
import { IconInfoCircle, IconRefresh } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import type { ArchiveRef } from '../../../shared/contract/wal';
import type { ArchivedSegment, WalArchiveSummary } from '../../../shared/domain/wal-archive';
import { hrefFor, navigate } from '../../app/routes';
import { useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { formatInstant } from '../../components/wal/display-units';
import { RecoverableWindowPanel } from '../../components/wal/recoverable-window-panel';
import { ArchiveFigure } from './archive-figure';
import { ArchiveProblems } from './archive-problems';
import { rereadArchive } from './archive-queries';
import { useArchivedClusters, type ArchivedCluster } from './archived-clusters';
import { BackupHistoryFiles } from './backup-history-files';
import { SegmentDetailsPanel } from './segment-details';
import { SegmentList } from './segment-list';
import { segmentMarkers } from './segment-markers';
import { TimelineTree } from './timeline-tree';
import { WalCleanupPanel } from './wal-cleanup-panel';
import { formatBytes } from '../../../shared/format/bytes';

/** The WAL archive browser: one cluster's segments, timelines, gaps and base-backup markers. */
export function WalArchivePage({ systemIdentifier, repositoryDir }: { systemIdentifier?: string; repositoryDir?: string }) {
  const { clusters, pending, error } = useArchivedClusters();
  const only = clusters.length === 1 ? clusters[0] : undefined;
  const chosen = systemIdentifier
    ? (clusters.find((cluster) => cluster.systemIdentifier === systemIdentifier && (!repositoryDir || cluster.repositoryDir === repositoryDir)) ?? null)
    : (only ?? null);
  const archive: ArchiveRef | null = systemIdentifier
    ? { systemIdentifier, ...(repositoryDir ? { repositoryDir } : {}) }
    : only
      ? { systemIdentifier: only.systemIdentifier, ...(only.repositoryOverride ? { repositoryDir: only.repositoryOverride } : {}) }
      : null;

  return (
    <>
      <PageHeader
        title="WAL archive"
        description="The segments each cluster archived into the repository: its timelines, the gaps that break replay, where base backups start, and the time recovery can reach."
        actions={clusters.length > 1 ? <ClusterSelect clusters={clusters} chosen={chosen} /> : undefined}
      />
      {error && <ErrorAlert error={error} title="Cannot list the archived clusters" />}
      {pending && !archive && <Loader />}
      {!pending && !archive && clusters.length === 0 && !error && <NoArchive />}
      {!archive && clusters.length > 1 && <ClusterChoice clusters={clusters} />}
      {archive && <ArchiveView key={`${archive.systemIdentifier}-${archive.repositoryDir ?? ''}`} archive={archive} cluster={chosen} />}
    </>
  );
}

function clusterLabel(cluster: ArchivedCluster): string {
  return `${cluster.profileNames.length ? cluster.profileNames.join(', ') : 'Cluster'} · ${cluster.systemIdentifier}`;
}

function clusterRoute(cluster: ArchivedCluster) {
  return {
    page: 'wal-archive' as const,
    systemIdentifier: cluster.systemIdentifier,
    ...(cluster.repositoryOverride ? { repositoryDir: cluster.repositoryOverride } : {}),
  };
}

function ClusterSelect({ clusters, chosen }: { clusters: ArchivedCluster[]; chosen: ArchivedCluster | null }) {
  const keyOf = (cluster: ArchivedCluster) => `${cluster.repositoryDir}\0${cluster.systemIdentifier}`;
  return (
    <Select
      w={340}
      aria-label="Cluster"
      placeholder="Pick a cluster"
      data={clusters.map((cluster) => ({ value: keyOf(cluster), label: clusterLabel(cluster) }))}
      value={chosen ? keyOf(chosen) : null}
      onChange={(value) => {
        const cluster = clusters.find((candidate) => keyOf(candidate) === value);
        if (cluster) navigate(clusterRoute(cluster));
      }}
      allowDeselect={false}
    />
  );
}

function ClusterChoice({ clusters }: { clusters: ArchivedCluster[] }) {
  return (
    <Stack gap="sm" data-testid="cluster-choice">
      <Text>
        The repositories hold the WAL of {clusters.length} clusters. Each cluster (system identifier) has its own folder, so their segments never mix.
      </Text>
      {clusters.map((cluster) => (
        <UnstyledButton key={`${cluster.repositoryDir}-${cluster.systemIdentifier}`} component="a" href={hrefFor(clusterRoute(cluster))}>
          <Paper withBorder p="md" radius="md">
            <Text fw={600}>{clusterLabel(cluster)}</Text>
            <Text size="sm" c="dimmed">
              {cluster.repositoryDir}/wal/{cluster.systemIdentifier}
            </Text>
          </Paper>
        </UnstyledButton>
      ))}
    </Stack>
  );
}

function NoArchive() {
  return (
    <Alert color="blue" icon={<IconInfoCircle />} title="No archived WAL yet" data-testid="wal-archive-empty">
      The repository holds no segment of any cluster. Open a connection and set up WAL archiving: once the server archives into the repository, its segments,
      timelines and gaps appear here. <Anchor href={hrefFor({ page: 'connections' })}>Connections</Anchor>
    </Alert>
  );
}

function ArchiveView({ archive, cluster }: { archive: ArchiveRef; cluster: ArchivedCluster | null }) {
  const queryClient = useQueryClient();
  const summary = useRequest('wal.summary', archive);
  const [timeline, setTimeline] = useState<number | undefined>(undefined);
  const [selected, setSelected] = useState<ArchivedSegment | null>(null);

  const rescan = () => rereadArchive(queryClient);
  // A first screen listed from the saved index while the folder is read again: ask again shortly.
  const refreshing = summary.data?.scan.refreshing === true;
  useEffect(() => {
    if (!refreshing) return;
    const timer = setTimeout(() => void rereadArchive(queryClient), 1_500);
    return () => clearTimeout(timer);
  }, [refreshing, summary.data?.scan.scannedAt, queryClient]);

  if (summary.isPending) {
    return (
      <Group gap="sm">
        <Loader size="sm" />
        <Text>Scanning the archive…</Text>
      </Group>
    );
  }
  if (summary.error) return <ErrorAlert error={summary.error} title="Cannot read this archive" />;
  const data = summary.data;
  const markers = segmentMarkers(data);
  const timelineChoices = [
    { value: 'all', label: 'All timelines' },
    ...data.timelines.map((node) => ({ value: String(node.timeline), label: `Timeline ${node.timeline}` })),
  ];

  return (
    <Stack gap="xl" data-testid="wal-archive" data-system-identifier={data.systemIdentifier}>
      <ArchiveFigures summary={data} cluster={cluster} onRescan={rescan} rescanning={summary.isFetching} />
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
        <Section title="Timelines" note="from the .history files; pick one to list only its segments">
          <TimelineTree timelines={data.timelines} picked={timeline} onPick={setTimeline} />
        </Section>
        <Section title="Continuity" note="missing segments and what they cut off">
          <ArchiveProblems summary={data} />
        </Section>
      </SimpleGrid>
      <Section
        title="Segments"
        note="in WAL order; click one for pg_waldump's statistics and its commits"
        right={
          <Select
            size="xs"
            w={170}
            aria-label="Timeline"
            data={timelineChoices}
            value={timeline === undefined ? 'all' : String(timeline)}
            onChange={(value) => setTimeline(!value || value === 'all' ? undefined : Number(value))}
            allowDeselect={false}
            data-testid="timeline-filter"
          />
        }
      >
        <SegmentList archive={archive} timeline={timeline} markers={markers} selected={selected?.name ?? null} onSelect={setSelected} />
      </Section>
      <Section title="Base backups in the archive" note=".backup files PostgreSQL writes when a base backup ends">
        <BackupHistoryFiles files={data.backupFiles} />
      </Section>
      <RecoverableWindowPanel archive={archive} />
      <WalCleanupPanel archive={archive} />
      <Drawer
        opened={selected !== null}
        onClose={() => setSelected(null)}
        position="right"
        size={680}
        title={
          <Title order={3} size="h4">
            Segment {selected?.name}
          </Title>
        }
      >
        {selected && <SegmentDetailsPanel archive={archive} name={selected.name} />}
      </Drawer>
    </Stack>
  );
}

function ArchiveFigures({
  summary,
  cluster,
  onRescan,
  rescanning,
}: {
  summary: WalArchiveSummary;
  cluster: ArchivedCluster | null;
  onRescan: () => void;
  rescanning: boolean;
}) {
  const { scan } = summary;
  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Group gap="xs">
              <Text fw={700}>{cluster?.profileNames.length ? cluster.profileNames.join(', ') : 'Cluster'}</Text>
              <Badge variant="light" color="gray" tt="none">
                system identifier {summary.systemIdentifier}
              </Badge>
            </Group>
            <Text size="sm" c="dimmed">
              <Code>{summary.archiveDir}</Code>
            </Text>
          </Stack>
          <Button variant="default" size="xs" leftSection={<IconRefresh size={14} />} loading={rescanning} onClick={onRescan}>
            Rescan
          </Button>
        </Group>
        <SimpleGrid cols={{ base: 2, md: 5 }} spacing="md">
          <ArchiveFigure label="Segments" value={summary.segmentCount.toLocaleString()} testId="segment-count" />
          <ArchiveFigure label="Size" value={formatBytes(summary.sizeBytes)} testId="archive-size" />
          <ArchiveFigure label="Timelines" value={String(summary.timelines.length)} testId="timeline-count" />
          <ArchiveFigure label="Gaps" value={String(summary.gaps.length)} tone={summary.gaps.length ? 'red' : undefined} testId="gap-count" />
          <ArchiveFigure label="Base backups" value={String(summary.backupFiles.length)} testId="backup-file-count" />
        </SimpleGrid>
        <Text size="xs" c="dimmed" data-testid="scan-stats">
          {scan.refreshing
            ? `Listed from the index saved at ${formatInstant(scan.scannedAt)} while the folder is read again in the background…`
            : `Scanned ${formatInstant(scan.scannedAt)} in ${scan.elapsedMs} ms: ${scan.filesSeen.toLocaleString()} files, ${scan.fromCache.toLocaleString()} from the cached index, ${scan.filesStatted.toLocaleString()} read anew.`}
        </Text>
      </Stack>
    </Paper>
  );
}

function Section({ title, note, right, children }: { title: string; note?: string; right?: ReactNode; children: ReactNode }) {
  return (
    <section>
      <Group justify="space-between" align="flex-end" mb="sm">
        <Stack gap={0}>
          <Title order={2} size="h4">
            {title}
          </Title>
          {note && (
            <Text size="sm" c="dimmed">
              {note}
            </Text>
          )}
        </Stack>
        {right}
      </Group>
      {children}
    </section>
  );
}
