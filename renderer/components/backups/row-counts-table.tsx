import { Badge, ScrollArea, Table, Text } from '@mantine/core';
import type { TableRowCheck } from '../../../shared/domain/backup';

function count(rows: number | null, missing: string): string {
  return rows === null ? missing : rows.toLocaleString();
}

/** Rows per table after a (test) restore beside the rows recorded at backup time; differences stand out. */
export function RowCountsTable({ tables, maxHeightPx = 420 }: { tables: readonly TableRowCheck[]; maxHeightPx?: number }) {
  if (tables.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No tables were restored.
      </Text>
    );
  }
  return (
    <ScrollArea.Autosize mah={maxHeightPx} type="auto">
      <Table striped verticalSpacing={6} data-testid="row-counts" stickyHeader>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Table</Table.Th>
            <Table.Th ta="right">Rows at backup time</Table.Th>
            <Table.Th ta="right">Rows restored</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tables.map((table) => (
            <Table.Tr
              key={`${table.schema}\u0000${table.name}`}
              data-testid="row-count"
              data-table={`${table.schema}.${table.name}`}
              data-matches={table.matches}
              style={table.matches ? undefined : { background: 'var(--mantine-color-red-light)' }}
            >
              <Table.Td ff="monospace" fz="sm">
                {table.schema}.{table.name}
              </Table.Td>
              <Table.Td ta="right" data-testid="expected-rows">
                {count(table.expectedRows, 'not recorded')}
              </Table.Td>
              <Table.Td ta="right" data-testid="actual-rows">
                {count(table.actualRows, 'missing')}
              </Table.Td>
              <Table.Td>
                {table.matches ? (
                  <Badge size="sm" variant="light" color="teal">
                    {table.expectedRows === null ? 'restored' : 'equal'}
                  </Badge>
                ) : (
                  <Badge size="sm" color="red">
                    {table.actualRows === null ? 'missing' : 'differs'}
                  </Badge>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}
