import { Badge, Button, Group, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { memo } from 'react';
import type { BloatEstimate, HealthPanels, StorageData } from '../../../shared/domain/health';
import { formatBytes } from '../../../shared/format/bytes';
import { formatDurationMs } from '../../../shared/format/duration';
import { useMutationRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { TableHead } from '../../components/table-head';
import { PanelFrame } from './panel-frame';
import { NothingToList, PanelSection } from './panel-section';

function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : 'never';
}

function BloatRows({ estimates }: { estimates: BloatEstimate[] }) {
  return (
    <>
      {estimates.map((estimate) => (
        <Table.Tr key={`${estimate.schema}.${estimate.table}.${estimate.index ?? ''}`} data-testid="bloat-row" data-no-statistics={estimate.noStatistics}>
          <Table.Td>
            {estimate.schema}.{estimate.index ?? estimate.table}
            {estimate.index ? <Text span size="xs" c="dimmed">{` on ${estimate.table}`}</Text> : null}
          </Table.Td>
          <Table.Td ta="right">{formatBytes(estimate.actualBytes)}</Table.Td>
          <Table.Td ta="right">
            {estimate.noStatistics ? (
              <Text span size="xs" c="dimmed">
                no statistics
              </Text>
            ) : (
              `${estimate.bloatBytes === null ? '-' : formatBytes(estimate.bloatBytes)}${estimate.bloatPercent === null ? '' : ` (${estimate.bloatPercent.toFixed(0)}%)`}`
            )}
          </Table.Td>
        </Table.Tr>
      ))}
    </>
  );
}

function StorageBody({ data }: { data: StorageData }) {
  const bloat = [...data.bloat.tables, ...data.bloat.indexes];
  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <PanelSection title="Databases">
          <Table fz="xs" verticalSpacing={2} data-testid="database-sizes">
            <Table.Tbody>
              {data.databases.map((database) => (
                <Table.Tr key={database.name}>
                  <Table.Td>{database.name}</Table.Td>
                  <Table.Td ta="right">{formatBytes(database.sizeBytes)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </PanelSection>
        <PanelSection title="Largest indexes">
          <Table fz="xs" verticalSpacing={2}>
            <TableHead columns={['Index', { label: 'Size', ta: 'right' }, { label: 'Scans', ta: 'right' }]} />
            <Table.Tbody>
              {data.largestIndexes.map((index) => (
                <Table.Tr key={`${index.schema}.${index.name}`}>
                  <Table.Td>
                    {index.schema}.{index.name}
                  </Table.Td>
                  <Table.Td ta="right">{formatBytes(index.sizeBytes)}</Table.Td>
                  <Table.Td ta="right">{index.scans}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </PanelSection>
      </SimpleGrid>
      <PanelSection title={`Largest tables in ${data.database}`}>
        <Table fz="xs" verticalSpacing={2} data-testid="largest-tables">
          <TableHead
            columns={[
              'Table',
              { label: 'Total', ta: 'right' },
              { label: 'Heap', ta: 'right' },
              { label: 'Indexes', ta: 'right' },
              { label: 'TOAST', ta: 'right' },
              { label: 'Rows (est.)', ta: 'right' },
            ]}
          />
          <Table.Tbody>
            {data.largestTables.map((table) => (
              <Table.Tr key={`${table.schema}.${table.name}`}>
                <Table.Td>
                  {table.schema}.{table.name}
                </Table.Td>
                <Table.Td ta="right">{formatBytes(table.totalBytes)}</Table.Td>
                <Table.Td ta="right">{formatBytes(table.heapBytes)}</Table.Td>
                <Table.Td ta="right">{formatBytes(table.indexBytes)}</Table.Td>
                <Table.Td ta="right">{formatBytes(table.toastBytes)}</Table.Td>
                <Table.Td ta="right">{table.estimatedRows?.toLocaleString() ?? '-'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </PanelSection>
      <PanelSection
        title="Bloat"
        note={
          <Badge size="sm" variant="light" color="gray" data-testid="bloat-accuracy">
            estimate, {data.bloat.accuracy}
          </Badge>
        }
      >
        {bloat.length ? (
          <Table fz="xs" verticalSpacing={2} data-testid="bloat">
            <TableHead columns={['Relation', { label: 'Size', ta: 'right' }, { label: 'Bloat', ta: 'right' }]} />
            <Table.Tbody>
              <BloatRows estimates={bloat} />
            </Table.Tbody>
          </Table>
        ) : (
          <NothingToList>No table or index is worth estimating.</NothingToList>
        )}
      </PanelSection>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
        <PanelSection title="Unused indexes (no scan since statistics began)">
          {data.unusedIndexes.length ? (
            data.unusedIndexes.map((index) => (
              <Text key={`${index.schema}.${index.name}`} size="xs" data-testid="unused-index">
                {index.schema}.{index.name} on {index.table} · {formatBytes(index.sizeBytes)}
              </Text>
            ))
          ) : (
            <NothingToList>None.</NothingToList>
          )}
        </PanelSection>
        <PanelSection title="Duplicate indexes">
          {data.duplicateIndexes.length ? (
            data.duplicateIndexes.map((duplicate) => (
              <Text key={`${duplicate.schema}.${duplicate.table}.${duplicate.indexes.join(',')}`} size="xs" data-testid="duplicate-index">
                {duplicate.schema}.{duplicate.table}: {duplicate.indexes.join(', ')} · {formatBytes(duplicate.sizeBytes)}
              </Text>
            ))
          ) : (
            <NothingToList>None.</NothingToList>
          )}
        </PanelSection>
      </SimpleGrid>
      <PanelSection title="Vacuum and analyze">
        <Table fz="xs" verticalSpacing={2} data-testid="maintenance">
          <TableHead columns={['Table', { label: 'Dead tuples', ta: 'right' }, 'Last vacuum', 'Last analyze']} />
          <Table.Tbody>
            {data.maintenance.map((table) => (
              <Table.Tr key={`${table.schema}.${table.table}`}>
                <Table.Td>
                  {table.schema}.{table.table}
                </Table.Td>
                <Table.Td ta="right">
                  {table.deadTuples.toLocaleString()}
                  {table.deadTuplePercent === null ? '' : ` (${table.deadTuplePercent.toFixed(1)}%)`}
                </Table.Td>
                <Table.Td c={table.neverVacuumed ? 'orange' : undefined}>
                  {table.neverVacuumed ? 'never' : when([table.lastVacuum, table.lastAutovacuum].filter(Boolean).sort().at(-1) ?? null)}
                </Table.Td>
                <Table.Td c={table.neverAnalyzed ? 'orange' : undefined}>
                  {table.neverAnalyzed ? 'never' : when([table.lastAnalyze, table.lastAutoanalyze].filter(Boolean).sort().at(-1) ?? null)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </PanelSection>
    </Stack>
  );
}

/** Sizes, bloat estimates, index use and vacuum ages: read hourly or on demand, never every tick. */
export const StoragePanel = memo(function StoragePanel({ profileId, panel }: { profileId: string; panel: HealthPanels['storage'] }) {
  const refresh = useMutationRequest('health.refreshStorage');
  // An on-demand refresh answers before the next tick carries it: show whichever is newer.
  const refreshed = refresh.data;
  const refreshedIsNewer = refreshed?.data && (!panel.data || Date.parse(refreshed.data.refreshedAt) > Date.parse(panel.data.refreshedAt));
  const shown = refreshed && refreshedIsNewer ? refreshed : panel;
  const data = shown.data;
  return (
    <PanelFrame
      title="Storage"
      panel={shown}
      actions={
        <Group gap="sm">
          <Text size="xs" c="dimmed" data-testid="storage-refreshed-at">
            {data ? `Last run ${new Date(data.refreshedAt).toLocaleTimeString()} (took ${formatDurationMs(data.durationMs)})` : 'Not run yet'}
          </Text>
          <Button
            size="compact-sm"
            variant="default"
            leftSection={<IconRefresh size={14} />}
            loading={refresh.isPending}
            onClick={() => refresh.mutate({ profileId })}
            data-testid="refresh-storage"
          >
            Refresh now
          </Button>
        </Group>
      }
    >
      {(storage) => (
        <Stack gap="sm">
          {refresh.error ? <ErrorAlert error={refresh.error} title="The storage queries failed" /> : null}
          <StorageBody data={storage} />
        </Stack>
      )}
    </PanelFrame>
  );
});
