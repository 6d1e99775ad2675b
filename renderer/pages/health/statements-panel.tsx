import { Table, Text, Tooltip } from '@mantine/core';
import { memo } from 'react';
import type { HealthPanel, StatementsData } from '../../../shared/domain/health';
import { formatDurationMs } from '../../../shared/format/duration';
import { TableHead } from '../../components/table-head';
import { PanelFrame } from './panel-frame';

/** pg_stat_statements' heaviest statements, shown only where the extension is installed. */
export const StatementsPanel = memo(function StatementsPanel({ panel }: { panel: HealthPanel<'statements', StatementsData> }) {
  return (
    <PanelFrame title="Statements" panel={panel}>
      {(data) => (
        <Table fz="xs" verticalSpacing={2} data-testid="top-statements">
          <TableHead
            columns={[
              'Statement',
              { label: 'Calls', ta: 'right' },
              { label: 'Total', ta: 'right' },
              { label: 'Mean', ta: 'right' },
              { label: 'Rows', ta: 'right' },
            ]}
          />
          <Table.Tbody>
            {data.top.map((statement) => (
              <Table.Tr key={statement.queryId}>
                <Table.Td maw={420}>
                  <Tooltip label={statement.query} multiline maw={560}>
                    <Text size="xs" ff="monospace" lineClamp={2} style={{ wordBreak: 'break-all' }}>
                      {statement.query}
                    </Text>
                  </Tooltip>
                </Table.Td>
                <Table.Td ta="right">{statement.calls.toLocaleString()}</Table.Td>
                <Table.Td ta="right">{formatDurationMs(statement.totalMs)}</Table.Td>
                <Table.Td ta="right">{statement.meanMs.toFixed(2)} ms</Table.Td>
                <Table.Td ta="right">{statement.rows.toLocaleString()}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </PanelFrame>
  );
});
