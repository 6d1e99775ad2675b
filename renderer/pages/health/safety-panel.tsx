import { Badge, Group, Progress, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { memo, type ReactNode } from 'react';
import type { HealthPanels, SafetyData } from '../../../shared/domain/health';
import { formatBytes } from '../../../shared/format/bytes';
import { formatDurationMs } from '../../../shared/format/duration';
import { Fact } from '../../components/fact';
import { TableHead } from '../../components/table-head';
import { PanelFrame } from './panel-frame';
import { NothingToList, PanelSection } from './panel-section';

function share(percent: number): ReactNode {
  return (
    <Group gap={6} wrap="nowrap">
      <Progress value={Math.min(100, percent)} w={60} size="sm" color={percent >= 75 ? 'red' : percent >= 50 ? 'yellow' : 'teal'} />
      <Text size="xs">{percent.toFixed(1)}%</Text>
    </Group>
  );
}

function lag(ms: number | null): string {
  return ms === null ? '-' : formatDurationMs(ms);
}

function ArchiverFacts({ archiver }: { archiver: SafetyData['archiver'] }) {
  if (!archiver) return <NothingToList>Needs pg_monitor to read pg_stat_archiver&apos;s settings.</NothingToList>;
  return (
    <Stack gap={2} data-testid="archiver" data-failing={archiver.failing}>
      <Group gap="xs">
        <Badge color={archiver.failing ? 'red' : archiver.archiveMode === 'off' ? 'gray' : 'teal'} variant="light">
          {archiver.archiveMode === 'off' ? 'archiving off' : archiver.failing ? 'failing' : 'archiving'}
        </Badge>
        <Text size="xs">
          {archiver.archivedCount} archived, {archiver.failedCount} failed
        </Text>
      </Group>
      {archiver.lastArchivedWal && (
        <Text size="xs" c="dimmed">
          Last archived {archiver.lastArchivedWal} at {archiver.lastArchivedTime ? new Date(archiver.lastArchivedTime).toLocaleString() : '-'}
        </Text>
      )}
      {archiver.failing && archiver.lastFailedWal && (
        <Text size="xs" c="red">
          Last failure {archiver.lastFailedWal} at {archiver.lastFailedTime ? new Date(archiver.lastFailedTime).toLocaleString() : '-'}
        </Text>
      )}
    </Stack>
  );
}

function SafetyBody({ data }: { data: SafetyData }) {
  return (
    <Stack gap="md">
      <PanelSection title="Transaction ID and multixact age">
        <Table fz="xs" verticalSpacing={2} data-testid="wraparound">
          <TableHead
            columns={[
              'Database',
              { label: 'XID age', ta: 'right' },
              'of autovacuum_freeze_max_age',
              'of 2^31',
              { label: 'Multixact age', ta: 'right' },
              'of 2^31',
            ]}
          />
          <Table.Tbody>
            {data.databases.map((database) => (
              <Table.Tr key={database.database} data-testid="wraparound-row" data-database={database.database} data-xid-age={database.xidAge}>
                <Table.Td>{database.database}</Table.Td>
                <Table.Td ta="right">{database.xidAge.toLocaleString()}</Table.Td>
                <Table.Td>{share(database.xidPercentOfFreezeMaxAge)}</Table.Td>
                <Table.Td>{share(database.xidPercentOfLimit)}</Table.Td>
                <Table.Td ta="right">{database.multixactAge.toLocaleString()}</Table.Td>
                <Table.Td>{share(database.multixactPercentOfLimit)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="xs" c="dimmed">
          autovacuum_freeze_max_age {data.autovacuumFreezeMaxAge.toLocaleString()}, autovacuum_multixact_freeze_max_age{' '}
          {data.autovacuumMultixactFreezeMaxAge.toLocaleString()}
        </Text>
      </PanelSection>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <PanelSection title="Oldest xmin holders (they stop vacuum)">
          {data.xminHolders.length ? (
            data.xminHolders.map((holder) => (
              <Text key={`${holder.kind}-${holder.name}`} size="xs" data-testid="xmin-holder">
                {holder.kind.replace('-', ' ')} <strong>{holder.name}</strong>
                {holder.database ? ` on ${holder.database}` : ''} · xmin age {holder.xminAge.toLocaleString()}
                {holder.since ? ` · since ${new Date(holder.since).toLocaleString()}` : ''}
              </Text>
            ))
          ) : (
            <NothingToList>Nothing holds the horizon back.</NothingToList>
          )}
        </PanelSection>
        <PanelSection title="Replication slots">
          {data.replicationSlots.length ? (
            data.replicationSlots.map((slot) => (
              <Text key={slot.name} size="xs" c={slot.active ? undefined : 'orange'} data-testid="replication-slot">
                {slot.name} ({slot.slotType}
                {slot.database ? ` on ${slot.database}` : ''}) · {slot.active ? 'active' : 'inactive'}
                {slot.retainedWalBytes === null ? '' : ` · retains ${formatBytes(slot.retainedWalBytes)}`}
                {slot.walStatus ? ` · ${slot.walStatus}` : ''}
              </Text>
            ))
          ) : (
            <NothingToList>No replication slot.</NothingToList>
          )}
        </PanelSection>
        <PanelSection title="WAL archiver">
          <ArchiverFacts archiver={data.archiver} />
        </PanelSection>
        <PanelSection title="Standbys">
          {data.inRecovery && <NothingToList>This server is itself a standby.</NothingToList>}
          {data.standbys.length ? (
            <Table fz="xs" verticalSpacing={2}>
              <TableHead columns={['Standby', 'State', 'Write', 'Flush', 'Replay']} />
              <Table.Tbody>
                {data.standbys.map((standby) => (
                  <Table.Tr key={`${standby.applicationName}-${standby.clientAddress ?? ''}`}>
                    <Table.Td>{standby.applicationName}</Table.Td>
                    <Table.Td>
                      {standby.state} ({standby.syncState})
                    </Table.Td>
                    <Table.Td>{lag(standby.writeLagMs)}</Table.Td>
                    <Table.Td>{lag(standby.flushLagMs)}</Table.Td>
                    <Table.Td>
                      {lag(standby.replayLagMs)}
                      {standby.replayLagBytes === null ? '' : ` · ${formatBytes(standby.replayLagBytes)}`}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          ) : (
            <NothingToList>No standby is streaming from this server.</NothingToList>
          )}
        </PanelSection>
      </SimpleGrid>
      {data.checkpoints && (
        <PanelSection title={`Checkpoints (${data.checkpoints.source})`}>
          <SimpleGrid cols={{ base: 2, sm: 5 }}>
            <Fact label="Timed">
              <Text size="sm">{data.checkpoints.timed.toLocaleString()}</Text>
            </Fact>
            <Fact label="Requested">
              <Text size="sm">
                {data.checkpoints.requested.toLocaleString()}
                {data.checkpoints.requestedPercent === null ? '' : ` (${data.checkpoints.requestedPercent.toFixed(0)}%)`}
              </Text>
            </Fact>
            <Fact label="Buffers by checkpoints">
              <Text size="sm">{data.checkpoints.buffersWrittenByCheckpoints.toLocaleString()}</Text>
            </Fact>
            <Fact label="Buffers by bgwriter">
              <Text size="sm">{data.checkpoints.buffersWrittenByBgwriter.toLocaleString()}</Text>
            </Fact>
            <Fact label="Write / sync time">
              <Text size="sm">
                {formatDurationMs(data.checkpoints.writeTimeMs)} / {formatDurationMs(data.checkpoints.syncTimeMs)}
              </Text>
            </Fact>
          </SimpleGrid>
          {data.checkpoints.requestedPercent !== null && data.checkpoints.requestedPercent > 50 && (
            <Text size="xs" c="orange">
              Most checkpoints are requested, not timed: max_wal_size may be too small.
            </Text>
          )}
        </PanelSection>
      )}
      <PanelSection title="Vacuum in progress">
        {data.vacuumProgress.length ? (
          data.vacuumProgress.map((vacuum) => (
            <Group key={vacuum.pid} gap="xs" data-testid="vacuum-progress">
              <Text size="xs">
                {vacuum.automatic ? 'autovacuum' : 'VACUUM'} {vacuum.relation ?? ''} on {vacuum.database} · {vacuum.phase}
              </Text>
              {vacuum.percentScanned !== null && <Progress value={vacuum.percentScanned} w={120} size="sm" />}
            </Group>
          ))
        ) : (
          <NothingToList>No vacuum is running.</NothingToList>
        )}
      </PanelSection>
    </Stack>
  );
}

/** What stops vacuum or loses WAL: wraparound, xmin holders, slots, the archiver, replication lag, checkpoints. */
export const SafetyPanel = memo(function SafetyPanel({ panel }: { panel: HealthPanels['safety'] }) {
  return (
    <PanelFrame title="Safety" panel={panel}>
      {(data) => <SafetyBody data={data} />}
    </PanelFrame>
  );
});
