import { Table, type TableThProps } from '@mantine/core';

/** A column's heading: its text, or its text with the cell's props (alignment, width); `{}` is a column without a heading. */
export type TableColumn = string | ({ label?: string } & Omit<TableThProps, 'children'>);

/** A table's heading row, one cell a column. */
export function TableHead({ columns }: { columns: readonly TableColumn[] }) {
  return (
    <Table.Thead>
      <Table.Tr>
        {columns.map((column, index) => {
          const { label, ...props } = typeof column === 'string' ? { label: column } : column;
          return (
            <Table.Th key={index} {...props}>
              {label}
            </Table.Th>
          );
        })}
      </Table.Tr>
    </Table.Thead>
  );
}
