import { Alert, Badge, Button, Checkbox, Group, Loader, Paper, Progress, Select, Stack, Table, Text, TextInput, Timeline, Title } from '@mantine/core';
import { IconCamera, IconHistory } from '@tabler/icons-react';
import { useState } from 'react';
import type { ProfileView } from '../../../shared/domain/profile';
import type { SnapshotComparison, SnapshotSession, SnapshotView } from '../../../shared/domain/snapshot';
import { formatBytes } from '../../../shared/format/bytes';
import { formatDurationMs } from '../../../shared/format/duration';
import { navigate } from '../../app/routes';
import { useJob } from '../../bridge/use-job';
import { useMutationRequest, useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { ProfileSubpage } from '../../components/profile-subpage';

/** A database's snapshots: a timeline with size and note, create, restore (sessions to end listed first), compare, the preparation's progress. */
export function SnapshotsPage({ profileId, database }: { profileId: string; database?: string }) {
  return (
    <ProfileSubpage
      profileId={profileId}
      title="Snapshots"
      description={(profile) => `Save a database of ${profile.name} as it is and roll back to it in well under a second.`}
    >
      {(profile) => <DatabaseSnapshots profile={profile} database={database} />}
    </ProfileSubpage>
  );
}

function DatabaseSnapshots({ profile, database }: { profile: ProfileView; database?: string }) {
  const databases = useRequest('backups.databases', { connection: { profileId: profile.id } });
  const chosen = database ?? (profile.target.kind === 'params' ? profile.target.database : undefined);
  const [preparationJobId, setPreparationJobId] = useState<string | null>(null);
  return (
    <Stack gap="lg">
      <Select
        label="Database"
        w={320}
        data={(databases.data?.databases ?? []).map((d) => d.name)}
        value={chosen ?? null}
        onChange={(name) => name && navigate({ page: 'snapshots', profileId: profile.id, database: name })}
        data-testid="snapshot-database"
      />
      {databases.error && <ErrorAlert error={databases.error} title="Cannot list the databases" />}
      {chosen && (
        <>
          <CreateSnapshot profile={profile} database={chosen} onPreparing={setPreparationJobId} />
          <Preparation jobId={preparationJobId} />
          <SnapshotTimeline profile={profile} database={chosen} onPreparing={setPreparationJobId} />
        </>
      )}
    </Stack>
  );
}

function SessionList({ sessions }: { sessions: SnapshotSession[] }) {
  if (sessions.length === 0) return <Text size="sm">No other sessions are connected.</Text>;
  return (
    <Stack gap={2} data-testid="snapshot-sessions">
      <Text size="sm" fw={600}>
        These sessions will be ended:
      </Text>
      {sessions.map((s) => (
        <Text size="sm" key={s.pid}>
          pid {s.pid}: {s.user ?? 'unknown user'}, {s.application ?? 'no application name'}, since {s.since ? new Date(s.since).toLocaleString() : 'unknown'}
        </Text>
      ))}
    </Stack>
  );
}

function CreateSnapshot({ profile, database, onPreparing }: { profile: ProfileView; database: string; onPreparing: (jobId: string | null) => void }) {
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const [endSessions, setEndSessions] = useState(false);
  const sessions = useRequest('snapshots.sessions', { profileId: profile.id, database }, { refetchInterval: 3000 });
  const create = useMutationRequest('snapshots.create', {
    invalidates: ['snapshots.list', 'snapshots.sessions'],
    onSuccess: (created) => {
      setName('');
      setNote('');
      onPreparing(created.preparationJobId);
    },
  });
  const busy = (sessions.data?.length ?? 0) > 0;
  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          New snapshot of {database}
        </Title>
        <Group align="end">
          <TextInput
            label="Name"
            placeholder={`${database} and the time`}
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            data-testid="snapshot-name"
          />
          <TextInput label="Note" value={note} onChange={(e) => setNote(e.currentTarget.value)} w={360} />
          <Button
            leftSection={<IconCamera size={16} />}
            loading={create.isPending}
            disabled={busy && !endSessions}
            onClick={() => create.mutate({ profileId: profile.id, database, name: name || undefined, note: note || undefined, terminate: endSessions })}
            data-testid="create-snapshot"
          >
            Create snapshot
          </Button>
        </Group>
        {sessions.data && <SessionList sessions={sessions.data} />}
        {busy && <Checkbox label="End these sessions" checked={endSessions} onChange={(e) => setEndSessions(e.currentTarget.checked)} />}
        {create.error && <ErrorAlert error={create.error} title="Could not create the snapshot" />}
        {create.data && (
          <Text size="sm" data-testid="snapshot-created">
            Created {create.data.snapshot.name} in {formatDurationMs(create.data.durationMs)} ({create.data.strategy}).
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

function Preparation({ jobId }: { jobId: string | null }) {
  const job = useJob('snapshots.prepare', jobId);
  const state = job.snapshot?.state;
  if (!jobId || !state) return null;
  if (state.status === 'succeeded') return <Text size="sm">The prepared copy is ready: the next restore renames it into place.</Text>;
  if (state.status === 'failed')
    return (
      <Alert color="yellow" title="No prepared copy">
        {state.error.message} The next restore copies from the template.
      </Alert>
    );
  const fraction = state.status === 'running' ? (state.progress.fraction ?? 0) : 0;
  return (
    <Stack gap={4} data-testid="snapshot-preparation">
      <Text size="sm">Preparing the restore copy in the background…</Text>
      <Progress value={fraction * 100} animated />
    </Stack>
  );
}

function expectedRestore(snapshot: SnapshotView): string {
  if (snapshot.expectedRestoreMs !== null) return `about ${formatDurationMs(snapshot.expectedRestoreMs)}`;
  return snapshot.preparedDatabase || snapshot.kind === 'undo' ? 'well under a second' : 'unknown';
}

function SnapshotTimeline({ profile, database, onPreparing }: { profile: ProfileView; database: string; onPreparing: (jobId: string | null) => void }) {
  const list = useRequest('snapshots.list', { profileId: profile.id, database }, { refetchInterval: 4000 });
  const sessions = useRequest('snapshots.sessions', { profileId: profile.id, database });
  const [restoring, setRestoring] = useState<SnapshotView | null>(null);
  const [comparison, setComparison] = useState<SnapshotComparison | null>(null);
  const restore = useMutationRequest('snapshots.restore', {
    invalidates: ['snapshots.list', 'snapshots.sessions', 'snapshots.compare'],
    onSuccess: (result) => {
      setRestoring(null);
      onPreparing(result.preparationJobId);
    },
  });
  const compare = useMutationRequest('snapshots.compare', { onSuccess: setComparison });
  if (list.isPending) return <Loader />;
  if (list.error) return <ErrorAlert error={list.error} title="Cannot list the snapshots" />;
  const snapshots = [...list.data.snapshots].reverse();
  return (
    <Stack gap="md">
      <Text size="sm" data-testid="snapshot-disk">
        All snapshots of {database} and their prepared copies use {formatBytes(list.data.totalBytes)}.
      </Text>
      {restore.data && (
        <Alert color="teal" title="Restored" data-testid="snapshot-restored">
          {restore.data.snapshot.name} is back in {restore.data.database} after {formatDurationMs(restore.data.durationMs)} (
          {restore.data.path === 'rename' ? 'renamed the prepared copy' : 'copied from the template'}).
        </Alert>
      )}
      {restore.error && <ErrorAlert error={restore.error} title="Could not restore" />}
      {snapshots.length === 0 ? (
        <Text c="dimmed">No snapshots of {database} yet.</Text>
      ) : (
        <Timeline bulletSize={22} lineWidth={2} data-testid="snapshot-timeline">
          {snapshots.map((snapshot) => (
            <Timeline.Item key={snapshot.id} bullet={<IconHistory size={12} />} title={snapshot.name} data-testid="snapshot-item">
              <Text size="sm" c="dimmed">
                {new Date(snapshot.createdAt).toLocaleString()} · {formatBytes(snapshot.sizeBytes)} · {snapshot.kind}
                {snapshot.preparedDatabase ? ' · prepared copy ready' : snapshot.preparedCopies ? ' · preparing' : ' · no prepared copy'}
              </Text>
              {snapshot.note && <Text size="sm">{snapshot.note}</Text>}
              <Group gap="xs" mt={6}>
                <Button size="xs" onClick={() => setRestoring(snapshot)} data-testid="restore-snapshot">
                  Restore ({expectedRestore(snapshot)})
                </Button>
                <Button size="xs" variant="default" loading={compare.isPending} onClick={() => compare.mutate({ snapshot: snapshot.id })}>
                  Compare with now
                </Button>
              </Group>
              {restoring?.id === snapshot.id && (
                <Paper withBorder p="sm" mt="xs">
                  <Stack gap="xs">
                    <Text size="sm">{database} is replaced by this snapshot; its current state stays as an undo snapshot.</Text>
                    {sessions.data && <SessionList sessions={sessions.data} />}
                    <Group gap="xs">
                      <Button
                        size="xs"
                        color="orange"
                        loading={restore.isPending}
                        onClick={() => restore.mutate({ snapshot: snapshot.id, terminate: (sessions.data?.length ?? 0) > 0 })}
                        data-testid="confirm-restore"
                      >
                        Restore now
                      </Button>
                      <Button size="xs" variant="subtle" onClick={() => setRestoring(null)}>
                        Cancel
                      </Button>
                    </Group>
                  </Stack>
                </Paper>
              )}
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      {compare.error && <ErrorAlert error={compare.error} title="Could not compare" />}
      {comparison && <ComparisonView comparison={comparison} />}
    </Stack>
  );
}

function ComparisonView({ comparison }: { comparison: SnapshotComparison }) {
  const changed = comparison.rowCounts.filter((r) => r.snapshot !== r.current);
  return (
    <Paper withBorder p="lg" radius="md" data-testid="snapshot-comparison">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {comparison.database} now, compared with {comparison.snapshot}
        </Title>
        <Group gap="xs">
          {comparison.tablesAdded.map((t) => (
            <Badge key={t} color="teal">
              + {t}
            </Badge>
          ))}
          {comparison.tablesDropped.map((t) => (
            <Badge key={t} color="red">
              − {t}
            </Badge>
          ))}
        </Group>
        {comparison.tablesAltered.map((t) => (
          <Text size="sm" key={t.table}>
            ~ {t.table}:{' '}
            {[
              ...t.columnsAdded.map((c) => `+ column ${c}`),
              ...t.columnsDropped.map((c) => `− column ${c}`),
              ...t.typesChanged.map((c) => `${c.column}: ${c.from} → ${c.to}`),
              ...t.indexesAdded.map((i) => `+ ${i}`),
              ...t.indexesDropped.map((i) => `− ${i}`),
              ...t.constraintsAdded.map((c) => `+ constraint ${c}`),
              ...t.constraintsDropped.map((c) => `− constraint ${c}`),
            ].join('; ')}
          </Text>
        ))}
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Table</Table.Th>
              <Table.Th>Rows in the snapshot</Table.Th>
              <Table.Th>Rows now</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {changed.map((r) => (
              <Table.Tr key={r.table}>
                <Table.Td>{r.table}</Table.Td>
                <Table.Td>{r.snapshot ?? '—'}</Table.Td>
                <Table.Td>{r.current ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {changed.length === 0 && <Text size="sm">Row counts unchanged.</Text>}
      </Stack>
    </Paper>
  );
}
