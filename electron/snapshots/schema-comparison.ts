import type pg from 'pg';
import type { SnapshotComparison, TableDifference } from '../../shared/domain/snapshot';
import { qualifiedName } from '../../shared/domain/sql-identifier';

/** One database's user tables as a migration changes them: columns with types, index and constraint definitions. */
interface TableShape {
  schema: string;
  name: string;
  columns: Map<string, string>;
  indexes: Set<string>;
  constraints: Set<string>;
}

const userTables = `n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_'`;

export async function readTableShapes(client: pg.Client): Promise<Map<string, TableShape>> {
  const tables = new Map<string, TableShape>();
  const key = (schema: string, name: string) => `${schema}.${name}`;
  const { rows: tableRows } = await client.query<{ schema: string; name: string }>(
    `select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and ${userTables}`,
  );
  for (const row of tableRows) tables.set(key(row.schema, row.name), { ...row, columns: new Map(), indexes: new Set(), constraints: new Set() });
  const { rows: columns } = await client.query<{ schema: string; name: string; column: string; type: string }>(
    `select n.nspname as schema, c.relname as name, a.attname as column, format_type(a.atttypid, a.atttypmod) || case when a.attnotnull then ' not null' else '' end as type
       from pg_attribute a join pg_class c on c.oid = a.attrelid join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped and ${userTables}`,
  );
  for (const row of columns) tables.get(key(row.schema, row.name))?.columns.set(row.column, row.type);
  const { rows: indexes } = await client.query<{ schema: string; name: string; definition: string }>(
    `select schemaname as schema, tablename as name, indexdef as definition from pg_indexes where schemaname not in ('pg_catalog', 'information_schema')`,
  );
  for (const row of indexes) tables.get(key(row.schema, row.name))?.indexes.add(row.definition);
  const { rows: constraints } = await client.query<{ schema: string; name: string; definition: string }>(
    `select n.nspname as schema, c.relname as name, con.conname || ': ' || pg_get_constraintdef(con.oid) as definition
       from pg_constraint con join pg_class c on c.oid = con.conrelid join pg_namespace n on n.oid = c.relnamespace where ${userTables}`,
  );
  for (const row of constraints) tables.get(key(row.schema, row.name))?.constraints.add(row.definition);
  return tables;
}

/** Exact row counts (count(*), not the planner's estimate): a developer checks a data migration by them. */
export async function readRowCounts(client: pg.Client, tables: Map<string, TableShape>): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const [key, table] of tables) {
    const { rows } = await client.query<{ n: string }>(`select count(*) as n from ${qualifiedName(table.schema, table.name)}`);
    counts.set(key, Number(rows[0]!.n));
  }
  return counts;
}

function added<T>(from: Iterable<T>, to: Set<T>): T[] {
  return [...to].filter((item) => !new Set(from).has(item)).sort();
}

export function compareShapes(
  names: { snapshot: string; database: string },
  before: { tables: Map<string, TableShape>; counts: Map<string, number> },
  after: { tables: Map<string, TableShape>; counts: Map<string, number> },
): SnapshotComparison {
  const beforeKeys = new Set(before.tables.keys());
  const afterKeys = new Set(after.tables.keys());
  const tablesAltered: TableDifference[] = [];
  for (const key of [...beforeKeys].filter((k) => afterKeys.has(k)).sort()) {
    const old = before.tables.get(key)!;
    const now = after.tables.get(key)!;
    const oldColumns = new Set(old.columns.keys());
    const newColumns = new Set(now.columns.keys());
    const difference: TableDifference = {
      table: key,
      columnsAdded: added(oldColumns, newColumns),
      columnsDropped: added(newColumns, oldColumns),
      typesChanged: [...oldColumns]
        .filter((column) => newColumns.has(column) && old.columns.get(column) !== now.columns.get(column))
        .sort()
        .map((column) => ({ column, from: old.columns.get(column)!, to: now.columns.get(column)! })),
      indexesAdded: added(old.indexes, now.indexes),
      indexesDropped: added(now.indexes, old.indexes),
      constraintsAdded: added(old.constraints, now.constraints),
      constraintsDropped: added(now.constraints, old.constraints),
    };
    const changed = Object.values(difference).some((value) => Array.isArray(value) && value.length > 0);
    if (changed) tablesAltered.push(difference);
  }
  const allKeys = [...new Set([...beforeKeys, ...afterKeys])].sort();
  return {
    ...names,
    tablesAdded: added(beforeKeys, afterKeys),
    tablesDropped: added(afterKeys, beforeKeys),
    tablesAltered,
    rowCounts: allKeys.map((table) => ({ table, snapshot: before.counts.get(table) ?? null, current: after.counts.get(table) ?? null })),
  };
}
