import { Anchor, Code, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconExternalLink } from '@tabler/icons-react';
import { useState } from 'react';
import type { RecoveredTableRows, RecoveryResult } from '../../../shared/domain/pitr';
import { formatLsn } from '../../../shared/domain/wal';
import { hrefFor } from '../../app/routes';
import { useRequest } from '../../bridge/use-request';
import { EndStateAlert } from '../../components/recovery/end-state-alert';
import { LabelledValue } from '../../components/recovery/labelled-value';
import { PausedRecoveryActions } from '../../components/recovery/paused-recovery-actions';
import { ManagedClusterControls } from '../../components/recovery/managed-cluster-controls';
import { formatUtc } from '../../components/recovery/zoned-time';
import { CopyBack } from './copy-back';
import { RecoveredTables, tableKey } from './recovered-tables';
import { formatDurationSeconds } from '../../../shared/format/duration';
import { LinkButton } from '../../components/link-button';

/**
 * Step 6: how the recovery ended, what it holds (last commit replayed against the target, rows per
 * table), its connection profile, and what to do next: open it, copy tables back, stop or delete it.
 */
export function RecoveryResultView({
  result,
  systemIdentifier,
  originalProfileName,
  timeZone,
  onJobStarted,
}: {
  result: RecoveryResult;
  systemIdentifier: string;
  originalProfileName: string | null;
  timeZone: string;
  onJobStarted: (jobId: string, what: 'promote' | 'retarget') => void;
}) {
  const paused = result.end.state.kind === 'paused';
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const profiles = useRequest('profiles.list', {});
  const profile = profiles.data?.find((candidate) => candidate.id === result.profileId) ?? null;
  const toggle = (table: RecoveredTableRows) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(tableKey(table))) next.add(tableKey(table));
      return next;
    });

  return (
    <Stack gap="xl" data-testid="recovery-result" data-end-state={result.end.state.kind}>
      <EndStateAlert end={result.end} />
      <Paper withBorder radius="md" p="lg">
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="lg" verticalSpacing="md">
          <LabelledValue label="Recovered cluster" testId="result-cluster-name" strong>
            {result.clusterName}
          </LabelledValue>
          <LabelledValue label="Listening on" testId="result-port" strong>
            127.0.0.1:{result.port}
          </LabelledValue>
          <LabelledValue label="State">{result.inRecovery ? 'In recovery, read-only' : 'Read-write (pg_is_in_recovery() is false)'}</LabelledValue>
          <LabelledValue label="Target" testId="result-target">
            {result.target.description}
          </LabelledValue>
          <LabelledValue label="Last commit replayed" testId="result-last-commit" strong>
            {result.lastReplayedCommitTime ? formatUtc(result.lastReplayedCommitTime) : 'none replayed after the backup'}
            {result.lastReplayedCommitTime && <CommitVersusTarget result={result} />}
          </LabelledValue>
          <LabelledValue label="Stopped">
            {result.stopPoint ? stopPointText(result.stopPoint) : result.replayLsn ? `at LSN ${formatLsn(result.replayLsn)}` : '—'}
          </LabelledValue>
          <LabelledValue label="Timeline">{result.timeline ?? '—'}</LabelledValue>
          <LabelledValue label="Replayed">
            {result.segmentsRestored > 0 ? `${result.segmentsRestored} WAL segment${result.segmentsRestored === 1 ? '' : 's'} ` : 'WAL '}from base backup{' '}
            {result.backupId}, in {formatDurationSeconds(result.elapsedMs / 1000)}
          </LabelledValue>
          <LabelledValue label="Data directory">
            <Code>{result.dataDir}</Code>
          </LabelledValue>
          {result.previousDataDir && (
            <LabelledValue label="Previous data, moved aside">
              <Code>{result.previousDataDir}</Code> (kept: see Clusters)
            </LabelledValue>
          )}
        </SimpleGrid>
      </Paper>

      {paused && <PausedRecoveryActions clusterId={result.clusterId} systemIdentifier={systemIdentifier} timeZone={timeZone} onJobStarted={onJobStarted} />}

      <section>
        <Title order={3} size="h4" mb="sm">
          Rows per table in the recovered cluster
        </Title>
        <RecoveredTables tables={result.tables} notCounted={result.tablesNotCounted} locked={result.tablesLocked} selected={selected} onToggle={toggle} />
      </section>

      <section>
        <Title order={3} size="h4" mb="xs">
          Copy tables back into the original database
        </Title>
        <Text size="sm" c="dimmed" mb="sm">
          Take a logical backup of the tables you need from this copy, then restore them into the original server with the logical restore.
        </Text>
        <CopyBack
          tables={result.tables.filter((table) => selected.has(tableKey(table)))}
          recoveredProfileId={profile?.id ?? null}
          recoveredProfileName={profile?.name ?? null}
          originalProfileName={originalProfileName}
        />
      </section>

      <NextActions result={result} profileId={profile?.id ?? null} />
    </Stack>
  );
}

function CommitVersusTarget({ result }: { result: RecoveryResult }) {
  const target = result.target.target;
  if (target.kind !== 'time' || !result.lastReplayedCommitTime) return null;
  const beforeMs = Date.parse(target.at) - Date.parse(result.lastReplayedCommitTime);
  return (
    <Text span size="sm" c="dimmed" fw={400} display="block">
      {beforeMs >= 0
        ? `${formatDurationSeconds(beforeMs / 1000)} before the target (the last commit at or before it)`
        : `${formatDurationSeconds(-beforeMs / 1000)} after the target`}
    </Text>
  );
}

/** "before commit of transaction 729, time 2026-…Z" → words about the first commit left out. */
function stopPointText(stopPoint: string): string {
  const match = /^(before|after) commit of transaction (\d+), time (\S+)/.exec(stopPoint);
  if (!match) return stopPoint;
  const [, edge, xid, time] = match;
  return edge === 'before'
    ? `Just before transaction ${xid} (committed ${formatUtc(time!)}), which is not in the copy`
    : `Just after transaction ${xid} (committed ${formatUtc(time!)}), which is in the copy`;
}

function NextActions({ result, profileId }: { result: RecoveryResult; profileId: string | null }) {
  const cluster = useRequest('clusters.get', { clusterId: result.clusterId }, { refetchInterval: 5000 });
  return (
    <section>
      <Title order={3} size="h4" mb="sm">
        Next
      </Title>
      {cluster.error ? (
        <Text c="dimmed" data-testid="result-removed">
          {result.clusterName} is no longer a cluster Tidemark manages: it was deleted, with its data directory, folder and connection profile.
        </Text>
      ) : (
        <Group gap="sm">
          {profileId && (
            <LinkButton to={{ page: 'connection', profileId }} leftSection={<IconExternalLink size={16} />} data-testid="open-recovered-profile">
              Open its page
            </LinkButton>
          )}
          {cluster.data && <ManagedClusterControls cluster={cluster.data} />}
          <Anchor href={hrefFor({ page: 'clusters' })} size="sm">
            All clusters Tidemark manages
          </Anchor>
        </Group>
      )}
    </section>
  );
}
