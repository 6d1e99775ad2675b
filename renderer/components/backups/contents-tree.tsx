import { ActionIcon, Badge, Box, Checkbox, Collapse, Group, Stack, Text, TextInput, UnstyledButton } from '@mantine/core';
import { IconChevronDown, IconChevronRight, IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import type { BackupContents, TocObject } from '../../../shared/domain/backup';
import { groupContents, tableKeyOf, type SchemaNode } from './contents-groups';

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? one : many}`;
}

export interface TableSelection {
  /** tableKeyOf(schema, name) of each picked table. */
  picked: ReadonlySet<string>;
  onChange(next: Set<string>): void;
}

/**
 * A backup's table of contents: schemas, their tables (with the rows recorded at backup time),
 * and their other objects grouped by kind. With `selection`, tables can be ticked one by one or a
 * whole schema at once (the single-table restore).
 */
export function ContentsTree({
  contents,
  rowsByTable,
  selection,
}: {
  contents: BackupContents;
  rowsByTable?: ReadonlyMap<string, number | null>;
  selection?: TableSelection;
}) {
  const [filter, setFilter] = useState('');
  const schemas = useMemo(() => groupContents(contents, filter), [contents, filter]);
  // A small archive opens fully; a big one opens schema by schema.
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set(contents.tableCount <= 40 ? contents.schemas.map((s) => s.name) : []));
  const toggle = (name: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(name)) next.add(name);
      return next;
    });

  return (
    <Stack gap="xs" data-testid="contents-tree">
      <Group justify="space-between" align="flex-end">
        <Text size="sm" c="dimmed">
          {plural(contents.tableCount, 'table')} in {plural(contents.schemas.length, 'schema')} · {plural(contents.totalEntries, 'entry', 'entries')} in the
          archive ({contents.format} format)
        </Text>
        <TextInput
          size="xs"
          w={220}
          placeholder="Find a table or object"
          aria-label="Find a table or object"
          leftSection={<IconSearch size={14} />}
          value={filter}
          onChange={(event) => setFilter(event.currentTarget.value)}
        />
      </Group>
      <Box style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-sm)' }} p={6}>
        {schemas.length === 0 && (
          <Text size="sm" c="dimmed" p="sm">
            {filter ? `Nothing named like “${filter}”.` : 'The archive holds no schema objects.'}
          </Text>
        )}
        {schemas.map((schema) => (
          <SchemaBranch
            key={schema.name}
            schema={schema}
            open={expanded.has(schema.name) || filter !== ''}
            onToggle={() => toggle(schema.name)}
            rowsByTable={rowsByTable}
            selection={selection}
          />
        ))}
        {contents.global.length > 0 && !filter && (
          <ObjectsGroup label="Database-level entries (extensions, comments, large objects)" objects={contents.global} />
        )}
      </Box>
    </Stack>
  );
}

function SchemaBranch({
  schema,
  open,
  onToggle,
  rowsByTable,
  selection,
}: {
  schema: SchemaNode;
  open: boolean;
  onToggle(): void;
  rowsByTable?: ReadonlyMap<string, number | null>;
  selection?: TableSelection;
}) {
  const keys = schema.tables.map((table) => tableKeyOf(schema.name, table.name));
  const pickedHere = selection ? keys.filter((key) => selection.picked.has(key)).length : 0;
  const setSchemaPicked = (picked: boolean) => {
    if (!selection) return;
    const next = new Set(selection.picked);
    for (const key of keys) {
      if (picked) next.add(key);
      else next.delete(key);
    }
    selection.onChange(next);
  };

  return (
    <div data-testid="contents-schema" data-schema={schema.name}>
      <Group gap={6} wrap="nowrap" py={3}>
        <ActionIcon
          variant="subtle"
          color="gray"
          size="sm"
          onClick={onToggle}
          aria-label={`${open ? 'Collapse' : 'Expand'} schema ${schema.name}`}
          aria-expanded={open}
        >
          {open ? <IconChevronDown size={16} /> : <IconChevronRight size={16} />}
        </ActionIcon>
        {selection && keys.length > 0 && (
          <Checkbox
            size="xs"
            aria-label={`Every table of schema ${schema.name}`}
            checked={pickedHere === keys.length}
            indeterminate={pickedHere > 0 && pickedHere < keys.length}
            onChange={(event) => setSchemaPicked(event.currentTarget.checked)}
          />
        )}
        <UnstyledButton onClick={onToggle}>
          <Text fw={600} size="sm">
            {schema.name}
          </Text>
        </UnstyledButton>
        <Text size="xs" c="dimmed">
          {schema.tables.length} table{schema.tables.length === 1 ? '' : 's'}
          {schema.otherCount > 0 ? ` · ${schema.otherCount} other object${schema.otherCount === 1 ? '' : 's'}` : ''}
        </Text>
      </Group>
      <Collapse expanded={open}>
        <Stack gap={0} pl={34} pb={4}>
          {schema.tables.map((table) => {
            const key = tableKeyOf(schema.name, table.name);
            const rows = rowsByTable?.get(key);
            return (
              <Group key={key} gap={8} py={2} wrap="nowrap" data-testid="contents-table" data-table={`${schema.name}.${table.name}`}>
                {selection && (
                  <Checkbox
                    size="xs"
                    aria-label={`Table ${schema.name}.${table.name}`}
                    checked={selection.picked.has(key)}
                    onChange={(event) => {
                      const next = new Set(selection.picked);
                      if (event.currentTarget.checked) next.add(key);
                      else next.delete(key);
                      selection.onChange(next);
                    }}
                  />
                )}
                <Text size="sm" ff="monospace">
                  {table.name}
                </Text>
                {!table.hasData && (
                  <Badge size="xs" variant="light" color="gray">
                    definition only
                  </Badge>
                )}
                {rows !== undefined && rows !== null && (
                  <Text size="xs" c="dimmed">
                    {rows.toLocaleString()} rows at backup time
                  </Text>
                )}
              </Group>
            );
          })}
          {schema.others.map((group) => (
            <ObjectsGroup key={group.type} label={`${group.type} (${group.objects.length})`} objects={group.objects} />
          ))}
        </Stack>
      </Collapse>
    </div>
  );
}

// Rendering thousands of index names at once would stall the page; the rest are a click away.
const shownAtFirst = 200;

function ObjectsGroup({ label, objects }: { label: string; objects: readonly TocObject[] }) {
  const [open, setOpen] = useState(false);
  const [all, setAll] = useState(false);
  const shown = all ? objects : objects.slice(0, shownAtFirst);
  return (
    <div>
      <UnstyledButton onClick={() => setOpen((value) => !value)} py={2} aria-expanded={open}>
        <Group gap={6} wrap="nowrap">
          {open ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
          <Text size="sm" c="dimmed">
            {label}
          </Text>
        </Group>
      </UnstyledButton>
      <Collapse expanded={open}>
        <Stack gap={0} pl={22}>
          {shown.map((object) => (
            <Text key={object.dumpId} size="xs" ff="monospace" c="dimmed" py={1}>
              {object.name}
              {object.owner ? <span style={{ opacity: 0.7 }}> · owner {object.owner}</span> : null}
            </Text>
          ))}
          {!all && objects.length > shownAtFirst && (
            <UnstyledButton onClick={() => setAll(true)}>
              <Text size="xs" c="blue">
                Show all {objects.length}
              </Text>
            </UnstyledButton>
          )}
        </Stack>
      </Collapse>
    </div>
  );
}
