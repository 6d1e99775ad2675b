import { Badge, Checkbox, Table, Text } from '@mantine/core';
import type { RecoveredTableRef, RecoveredTableRows } from '../../../shared/domain/pitr';

export function tableKey(table: RecoveredTableRef): string {
  return `${table.database}\u0000${table.schema}\u0000${table.table}`;
}

/** Per-table row counts in the recovered cluster, with a checkbox each to pick what to copy back. */
export function RecoveredTables({
  tables,
  notCounted,
  locked,
  selected,
  onToggle,
}: {
  tables: RecoveredTableRows[];
  notCounted: number;
  /** Tables a transaction in progress at the target holds locked while recovery is paused. */
  locked: RecoveredTableRef[];
  selected: Set<string>;
  onToggle: (table: RecoveredTableRows) => void;
}) {
  if (tables.length === 0 && locked.length === 0) {
    return <Text c="dimmed">The recovered cluster has no user tables.</Text>;
  }
  return (
    <>
      <Table striped withTableBorder highlightOnHover data-testid="recovered-tables" verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40} aria-label="Copy back" />
            <Table.Th>Database</Table.Th>
            <Table.Th>Table</Table.Th>
            <Table.Th ta="right">Rows</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {tables.map((table) => (
            <Table.Tr key={tableKey(table)} data-testid="recovered-table" data-table={`${table.schema}.${table.table}`}>
              <Table.Td>
                <Checkbox checked={selected.has(tableKey(table))} onChange={() => onToggle(table)} aria-label={`Copy back ${table.schema}.${table.table}`} />
              </Table.Td>
              <Table.Td>{table.database}</Table.Td>
              <Table.Td ff="monospace">
                {table.schema}.{table.table}
              </Table.Td>
              <Table.Td ta="right" ff="monospace" data-testid="recovered-table-rows">
                {table.rows.toLocaleString('en-US')}
              </Table.Td>
            </Table.Tr>
          ))}
          {locked.map((table) => (
            <Table.Tr key={tableKey(table)} data-testid="recovered-table" data-table={`${table.schema}.${table.table}`} data-locked="true">
              <Table.Td />
              <Table.Td>{table.database}</Table.Td>
              <Table.Td ff="monospace">
                {table.schema}.{table.table}
              </Table.Td>
              <Table.Td ta="right">
                <Badge variant="light" color="orange">
                  Locked until promoted
                </Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {locked.length > 0 && (
        <Text size="sm" c="dimmed" mt={4} data-testid="locked-tables-note">
          A transaction that was in progress at the target — a DROP, TRUNCATE or ALTER whose commit comes after it — still holds{' '}
          {locked.length === 1 ? 'this table' : 'these tables'} locked while recovery is paused, so {locked.length === 1 ? 'it' : 'they'} cannot be read yet.
          Promoting ends that transaction without its commit: the table is then readable as it was at the target.
        </Text>
      )}
      {notCounted > 0 && (
        <Text size="sm" c="dimmed" mt={4}>
          {notCounted} more table{notCounted === 1 ? ' was' : 's were'} not counted (too many to count at once): query the cluster for them.
        </Text>
      )}
    </>
  );
}
