import { TidemarkError } from '../../shared/domain/errors';
import type { BackedUpTable } from '../../shared/domain/backup';
import type { TableRef } from '../../shared/domain/restore';
import type { Toc, TocEntry } from '../backups/toc';

// What belongs to a table and comes with it in a partial restore; their tags start with the
// table's name ("mytable mytable_pkey", "mytable id").
const attachedByTag = new Set(['DEFAULT', 'CONSTRAINT', 'CHECK CONSTRAINT', 'TRIGGER', 'POLICY', 'RULE', 'ROW SECURITY']);
const sequenceTypes = new Set(['SEQUENCE', 'SEQUENCE OWNED BY', 'SEQUENCE SET']);
// Definitions a table can depend on that are not tables themselves.
const prerequisiteTypes = new Set([
  'SCHEMA',
  'EXTENSION',
  'TYPE',
  'SHELL TYPE',
  'DOMAIN',
  'FUNCTION',
  'PROCEDURE',
  'AGGREGATE',
  'COLLATION',
  'CONVERSION',
  'OPERATOR',
  'OPERATOR CLASS',
  'OPERATOR FAMILY',
  'CAST',
  'PROCEDURAL LANGUAGE',
  'ACCESS METHOD',
  'TRANSFORM',
  'TEXT SEARCH CONFIGURATION',
  'TEXT SEARCH DICTIONARY',
  'TEXT SEARCH PARSER',
  'TEXT SEARCH TEMPLATE',
]);

export interface TableSelection {
  /** The TOC lines to feed pg_restore --use-list, in the archive's order. */
  lines: string[];
  /** What was left out on purpose, to say so in the log. */
  notes: string[];
}

/**
 * A filtered table of contents for restoring some tables: each one's definition and rows, its
 * column defaults, constraints, indexes, triggers, policies, comments and owned sequences.
 * Foreign keys are left out (the tables they point to may not be restored). Schemas, types and
 * functions come along only into a new database: in an existing one they are there already,
 * and --clean would drop a whole schema.
 */
export function selectTables(toc: Toc, picked: readonly TableRef[], recorded: readonly BackedUpTable[], options: { createSchemas: boolean }): TableSelection {
  const selected = new Set<number>();
  const notes: string[] = [];
  const schemasNeeded = new Set<string>();
  for (const table of picked) {
    const inSchema = toc.entries.filter((entry) => entry.schema === table.schema);
    const own = inSchema.filter((entry) => (entry.type === 'TABLE' || entry.type === 'TABLE DATA') && entry.name === table.name);
    if (own.length === 0) {
      throw new TidemarkError('invalid_input', `The backup has no table ${table.schema}.${table.name}.`, {
        hint: "Pick tables from the backup's contents (tidemark backups show ID, or the contents tree).",
      });
    }
    const known = recorded.find((r) => r.schema === table.schema && r.name === table.name);
    const indexes = new Set(known?.indexes ?? []);
    const sequences = new Set(known?.sequences ?? []);
    const belongs = (entry: TocEntry): boolean =>
      own.includes(entry) ||
      (attachedByTag.has(entry.type) && entry.name.startsWith(table.name + ' ')) ||
      (entry.type === 'INDEX' && indexes.has(entry.name)) ||
      (sequenceTypes.has(entry.type) && sequences.has(entry.name)) ||
      ((entry.type === 'COMMENT' || entry.type === 'ACL' || entry.type === 'SECURITY LABEL') &&
        (entry.name === `TABLE ${table.name}` || entry.name.startsWith(`COLUMN ${table.name}.`)));
    for (const entry of inSchema) if (belongs(entry)) selected.add(entry.dumpId);
    if (!known) notes.push(`${table.schema}.${table.name}: the backup records no index list for it (an imported dump), so its indexes are not restored.`);
    schemasNeeded.add(table.schema);
  }
  if (options.createSchemas) {
    // Into a new database, the tables' definitions need what they may refer to (a type from another
    // schema, a function in a default or a check, an extension): every definition of that kind
    // comes too, but no other table, view or row.
    for (const entry of toc.entries) {
      if (prerequisiteTypes.has(entry.type) || (entry.type === 'COMMENT' && entry.name.startsWith('EXTENSION '))) selected.add(entry.dumpId);
    }
    if (
      toc.entries.some((entry) => prerequisiteTypes.has(entry.type) && entry.type !== 'SCHEMA' && entry.schema !== null && !schemasNeeded.has(entry.schema))
    ) {
      notes.push(
        'Into a new database, the schemas, types, functions and extensions the tables may depend on are restored too; other tables, views and rows are not.',
      );
    }
  }
  const foreignKeys = toc.entries.filter(
    (entry) => entry.type === 'FK CONSTRAINT' && picked.some((t) => entry.schema === t.schema && entry.name.startsWith(t.name + ' ')),
  );
  if (foreignKeys.length)
    notes.push(
      `Foreign keys left out (the tables they reference may not be restored): ${foreignKeys.map((e) => e.name.split(' ').slice(1).join(' ')).join(', ')}.`,
    );
  const lines = toc.entries.filter((entry) => selected.has(entry.dumpId)).map((entry) => entry.line);
  return { lines, notes };
}
