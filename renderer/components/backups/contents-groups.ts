import type { BackupContents, TocObject } from '../../../shared/domain/backup';

/** One key per table, whatever its name holds (dots, spaces, quotes): schema and name joined by NUL. */
export function tableKeyOf(schema: string, name: string): string {
  return `${schema}\u0000${name}`;
}

export function tableOfKey(key: string): { schema: string; name: string } {
  const split = key.indexOf('\u0000');
  return { schema: key.slice(0, split), name: key.slice(split + 1) };
}

export interface SchemaNode {
  name: string;
  tables: { name: string; hasData: boolean }[];
  /** Everything else in the schema, one group per entry type (INDEX, SEQUENCE, VIEW, …). */
  others: { type: string; objects: TocObject[] }[];
  otherCount: number;
}

/**
 * The tree the contents view draws: per schema, its tables (a TABLE entry, or TABLE DATA alone in
 * a data-only dump), then the other entries by type. `filter` keeps the objects whose name holds
 * it (case-insensitive) and the schemas that still have any.
 */
export function groupContents(contents: BackupContents, filter = ''): SchemaNode[] {
  const needle = filter.trim().toLowerCase();
  const matches = (name: string) => needle === '' || name.toLowerCase().includes(needle);
  const nodes: SchemaNode[] = [];
  for (const schema of contents.schemas) {
    const tables = new Map<string, { name: string; hasData: boolean }>();
    const others = new Map<string, TocObject[]>();
    for (const object of schema.objects) {
      if (object.type === 'TABLE' || object.type === 'TABLE DATA') {
        if (!matches(object.name)) continue;
        const table = tables.get(object.name) ?? { name: object.name, hasData: false };
        if (object.type === 'TABLE DATA') table.hasData = true;
        tables.set(object.name, table);
      } else if (matches(object.name)) {
        others.set(object.type, [...(others.get(object.type) ?? []), object]);
      }
    }
    if (needle !== '' && tables.size === 0 && others.size === 0 && !matches(schema.name)) continue;
    const otherGroups = [...others.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([type, objects]) => ({ type, objects }));
    nodes.push({
      name: schema.name,
      tables: [...tables.values()].sort((a, b) => a.name.localeCompare(b.name)),
      others: otherGroups,
      otherCount: otherGroups.reduce((sum, group) => sum + group.objects.length, 0),
    });
  }
  return nodes;
}
