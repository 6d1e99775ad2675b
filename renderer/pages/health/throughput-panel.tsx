import { SegmentedControl, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { memo, useState } from 'react';
import type { HealthPanels, HealthPoint } from '../../../shared/domain/health';
import { formatBytes } from '../../../shared/format/bytes';
import { useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { Fact } from '../../components/fact';
import { TableHead } from '../../components/table-head';
import { PanelFrame } from './panel-frame';
import { TimeSeriesChart, type ChartSeries } from './time-series-chart';
import { liveWindowMs } from './use-health-watch';

const dayWindowMs = 24 * 3_600_000;

// Series lists and formatters are module constants: the memoised charts redraw for new points only.
const transactionSeries: ChartSeries[] = [
  { key: 'commitsPerSecond', label: 'Commits/s', color: '#228be6' },
  { key: 'rollbacksPerSecond', label: 'Rollbacks/s', color: '#fa5252' },
];
const tupleSeries: ChartSeries[] = [
  { key: 'tuplesReturnedPerSecond', label: 'Returned', color: '#868e96' },
  { key: 'tuplesFetchedPerSecond', label: 'Fetched', color: '#7950f2' },
  { key: 'tuplesInsertedPerSecond', label: 'Inserted', color: '#12b886' },
  { key: 'tuplesUpdatedPerSecond', label: 'Updated', color: '#fd7e14' },
  { key: 'tuplesDeletedPerSecond', label: 'Deleted', color: '#e64980' },
];
const cacheSeries: ChartSeries[] = [{ key: 'cacheHitPercent', label: 'Cache hit %', color: '#15aabf' }];

function formatRate(value: number): string {
  if (value >= 1_000_000) return `${(value / 1_000_000).toFixed(value >= 10_000_000 ? 0 : 1)}M`;
  if (value >= 10_000) return `${(value / 1000).toFixed(0)}k`;
  if (value >= 1000) return `${(value / 1000).toFixed(1)}k`;
  return value >= 10 ? value.toFixed(0) : value.toFixed(value === 0 ? 0 : 1);
}

function formatPercent(value: number): string {
  return `${value.toFixed(value >= 99 ? 2 : 1)}%`;
}

function rate(value: number | undefined | null): string {
  return value === undefined || value === null ? '-' : formatRate(value);
}

function Charts({ points, windowMs }: { points: readonly HealthPoint[]; windowMs: number }) {
  return (
    <Stack gap="md">
      <TimeSeriesChart points={points} series={transactionSeries} windowMs={windowMs} format={formatRate} testId="chart-transactions" />
      <TimeSeriesChart points={points} series={tupleSeries} windowMs={windowMs} format={formatRate} testId="chart-tuples" />
      <TimeSeriesChart points={points} series={cacheSeries} windowMs={windowMs} format={formatPercent} yMax={100} height={100} testId="chart-cache-hit" />
    </Stack>
  );
}

/** The last 24 h at one point a minute, read once when asked for (and again only when asked again). */
function DayCharts({ profileId }: { profileId: string }) {
  const history = useRequest('health.history', { profileId, range: 'day' }, { refetchOnWindowFocus: false });
  if (history.error) return <ErrorAlert error={history.error} title="Cannot read the last 24 hours" />;
  return (
    <Stack gap={4}>
      <Text size="xs" c="dimmed">
        One point a minute (averages), for the time Tidemark was watching this server.
      </Text>
      <Charts points={history.data?.points ?? []} windowMs={dayWindowMs} />
    </Stack>
  );
}

/** Rates from the counters' deltas over the server's time between samples; a reset is a gap, never a spike. */
export const ThroughputPanel = memo(function ThroughputPanel({
  profileId,
  panel,
  points,
}: {
  profileId: string;
  panel: HealthPanels['throughput'];
  points: readonly HealthPoint[];
}) {
  const [range, setRange] = useState<'live' | 'day'>('live');
  return (
    <PanelFrame
      title="Throughput"
      panel={panel}
      actions={
        <SegmentedControl
          size="xs"
          value={range}
          onChange={(value) => setRange(value as 'live' | 'day')}
          data={[
            { value: 'live', label: 'Last 15 min' },
            { value: 'day', label: 'Last 24 h' },
          ]}
          data-testid="throughput-range"
        />
      }
    >
      {(data) => (
        <Stack gap="md">
          <SimpleGrid cols={{ base: 3, sm: 6 }}>
            <Fact label="Transactions/s">
              <Text fw={600} data-testid="tps">
                {rate(data.rates?.transactionsPerSecond)}
              </Text>
            </Fact>
            <Fact label="Rollbacks/s">
              <Text>{rate(data.rates?.rollbacksPerSecond)}</Text>
            </Fact>
            <Fact label="Tuples returned/s">
              <Text data-testid="tuples-returned">{rate(data.rates?.tuplesReturnedPerSecond)}</Text>
            </Fact>
            <Fact label="Cache hit (interval)">
              <Text>{data.rates?.cacheHitPercent == null ? '-' : formatPercent(data.rates.cacheHitPercent)}</Text>
            </Fact>
            <Fact label="Temp files/s">
              <Text>
                {rate(data.rates?.tempFilesPerSecond)}
                {data.rates?.tempBytesPerSecond ? ` · ${formatBytes(data.rates.tempBytesPerSecond)}/s` : ''}
              </Text>
            </Fact>
            <Fact label="Deadlocks/s">
              <Text>{rate(data.rates?.deadlocksPerSecond)}</Text>
            </Fact>
          </SimpleGrid>
          {data.gap && data.gap !== 'first-sample' && (
            <Text size="xs" c="dimmed" data-testid="throughput-gap">
              No rates for this sample:{' '}
              {data.gap === 'stats-reset' ? 'the statistics were reset' : data.gap === 'not-polled' ? 'polling resumed' : 'a counter went backwards'}.
            </Text>
          )}
          {range === 'live' ? <Charts points={points} windowMs={liveWindowMs} /> : <DayCharts profileId={profileId} />}
          <Table fz="xs" verticalSpacing={2} data-testid="cache-by-database">
            <TableHead
              columns={[
                'Database',
                { label: 'Transactions/s', ta: 'right' },
                { label: 'Cache hit (interval)', ta: 'right' },
                { label: 'Cache hit since reset', ta: 'right' },
              ]}
            />
            <Table.Tbody>
              {data.databases.map((database) => (
                <Table.Tr key={database.database}>
                  <Table.Td>{database.database}</Table.Td>
                  <Table.Td ta="right">{rate(database.rates?.transactionsPerSecond)}</Table.Td>
                  <Table.Td ta="right">{database.rates?.cacheHitPercent == null ? '-' : formatPercent(database.rates.cacheHitPercent)}</Table.Td>
                  <Table.Td ta="right">{database.cacheHitPercentSinceReset === null ? '-' : formatPercent(database.cacheHitPercentSinceReset)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </PanelFrame>
  );
});
