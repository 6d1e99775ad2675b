import { Group, Progress, SimpleGrid, Stack, Table, Text, Tooltip } from '@mantine/core';
import { memo } from 'react';
import type { ActivityData, HealthPanels, SessionState, SessionSummary } from '../../../shared/domain/health';
import { formatDurationMs } from '../../../shared/format/duration';
import { Fact } from '../../components/fact';
import { TableHead } from '../../components/table-head';
import { PanelFrame } from './panel-frame';
import { SessionActions } from './session-actions';

const stateColors: Partial<Record<SessionState, string>> = {
  active: 'blue',
  idle: 'gray.4',
  'idle in transaction': 'orange',
  'idle in transaction (aborted)': 'red',
};

function ConnectionsBar({ data }: { data: ActivityData }) {
  return (
    <Stack gap={4}>
      <Group justify="space-between">
        <Text size="sm">
          <strong data-testid="client-connections">{data.clientConnections}</strong> of {data.usableConnections} usable connections
        </Text>
        <Text size="xs" c="dimmed">
          max_connections {data.maxConnections}, {data.superuserReservedConnections} reserved for superusers
          {data.reservedConnections ? `, ${data.reservedConnections} reserved` : ''}
        </Text>
      </Group>
      <Progress.Root size="lg">
        {data.byState.map(({ state, count }) => (
          <Tooltip key={state} label={`${state}: ${count}`}>
            <Progress.Section value={(count / Math.max(1, data.usableConnections)) * 100} color={stateColors[state] ?? 'grape'} />
          </Tooltip>
        ))}
      </Progress.Root>
      <Group gap="md">
        {data.byState.map(({ state, count }) => (
          <Text key={state} size="xs" c="dimmed" data-testid={`connections-${state.replace(/\W+/g, '-')}`}>
            {state}: {count}
          </Text>
        ))}
      </Group>
    </Stack>
  );
}

function durationOf(ms: number | null): string {
  return ms === null ? '-' : formatDurationMs(ms);
}

/** A session's query in one line, the whole text on hover. */
export function QueryText({ session }: { session: SessionSummary }) {
  return (
    <Tooltip label={session.query} multiline maw={560} disabled={!session.query}>
      <Text size="xs" ff="monospace" lineClamp={2} style={{ wordBreak: 'break-all' }}>
        {session.query || <em>(hidden: needs pg_read_all_stats)</em>}
        {session.queryTruncated ? '…' : ''}
      </Text>
    </Tooltip>
  );
}

function SessionsTable({ profileId, sessions, testId, since }: { profileId: string; sessions: SessionSummary[]; testId: string; since: string }) {
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table fz="xs" verticalSpacing={4} data-testid={testId}>
        <TableHead columns={['pid', 'Query', 'User · database', 'Application', since, 'Waiting on', {}]} />
        <Table.Tbody>
          {sessions.map((session) => (
            <Table.Tr key={`${session.pid}-${session.backendStart}`} data-testid="session-row" data-pid={session.pid}>
              <Table.Td>{session.pid}</Table.Td>
              <Table.Td maw={320}>
                <QueryText session={session} />
              </Table.Td>
              <Table.Td>
                {session.user ?? '-'} · {session.database ?? '-'}
              </Table.Td>
              <Table.Td>{session.application || '-'}</Table.Td>
              <Table.Td data-testid="session-duration">{durationOf(session.durationMs)}</Table.Td>
              <Table.Td>{session.waitEventType ? `${session.waitEventType}: ${session.waitEvent ?? ''}` : '-'}</Table.Td>
              <Table.Td>
                <SessionActions profileId={profileId} session={session} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Connections by state and database against max_connections, idle transactions, the longest queries. */
export const ActivityPanel = memo(function ActivityPanel({ profileId, panel }: { profileId: string; panel: HealthPanels['activity'] }) {
  return (
    <PanelFrame title="Activity" panel={panel}>
      {(data) => (
        <Stack gap="md">
          <ConnectionsBar data={data} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Table fz="xs" verticalSpacing={2} data-testid="connections-by-database">
              <TableHead columns={['Database', { label: 'Sessions', ta: 'right' }, { label: 'Active', ta: 'right' }, { label: 'Idle in tx', ta: 'right' }]} />
              <Table.Tbody>
                {data.byDatabase.map((row) => (
                  <Table.Tr key={row.database ?? ''}>
                    <Table.Td>{row.database ?? <em>(no database: background workers)</em>}</Table.Td>
                    <Table.Td ta="right">{row.count}</Table.Td>
                    <Table.Td ta="right">{row.active}</Table.Td>
                    <Table.Td ta="right">{row.idleInTransaction}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            <SimpleGrid cols={2}>
              <Fact label="Waiting on locks">
                <Text data-testid="waiting-on-locks">{data.waitingOnLocks}</Text>
              </Fact>
              <Fact label="Idle in transaction">
                <Text>{data.idleInTransaction.length}</Text>
              </Fact>
            </SimpleGrid>
          </SimpleGrid>
          {data.queryTextHidden && (
            <Text size="xs" c="dimmed">
              Other roles&apos; query texts are hidden: grant pg_read_all_stats (or pg_monitor) to see them.
            </Text>
          )}
          <Text fw={600} size="sm">
            Longest-running queries
          </Text>
          {data.longestQueries.length ? (
            <SessionsTable profileId={profileId} sessions={data.longestQueries} testId="longest-queries" since="Running for" />
          ) : (
            <Text size="sm" c="dimmed">
              No query is running.
            </Text>
          )}
          {data.idleInTransaction.length > 0 && (
            <>
              <Text fw={600} size="sm">
                Idle in transaction
              </Text>
              <SessionsTable profileId={profileId} sessions={data.idleInTransaction} testId="idle-in-transaction" since="Idle for" />
            </>
          )}
        </Stack>
      )}
    </PanelFrame>
  );
});
