import { Alert, Group, Loader, Radio, Stack, Text } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import type { LogicalManifest } from '../../../shared/domain/backup';
import { useRequest } from '../../bridge/use-request';
import { tableKeyOf } from '../../components/backups/contents-groups';
import { ContentsTree } from '../../components/backups/contents-tree';
import { ErrorAlert } from '../../components/error-alert';
import { formatAllows, type RestoreDraft } from './restore-draft';

/** Step 2: what the backup holds, and whether to restore all of it or chosen tables. */
export function ContentsStep({ manifest, draft, onChange }: { manifest: LogicalManifest; draft: RestoreDraft; onChange(patch: Partial<RestoreDraft>): void }) {
  const contents = useRequest('backups.contents', { id: manifest.id });
  const canPick = formatAllows(manifest.logical.format).tables;
  const rowsByTable = new Map(manifest.logical.tables.map((table) => [tableKeyOf(table.schema, table.name), table.rows]));

  return (
    <Stack gap="md" data-testid="step-contents">
      {canPick ? (
        <Radio.Group value={draft.selection} onChange={(selection) => onChange({ selection: selection as RestoreDraft['selection'] })}>
          <Group gap="xl">
            <Radio value="all" label="Everything in the backup" data-testid="restore-everything" />
            <Radio
              value="chosen"
              label="Only the tables I tick"
              description="Each with its rows, indexes, constraints, triggers and sequences."
              data-testid="restore-chosen"
            />
          </Group>
        </Radio.Group>
      ) : (
        <Alert color="blue" variant="light" icon={<IconInfoCircle />}>
          A plain SQL backup is restored whole by psql: it cannot pick tables. Back up in the custom or directory format to restore single tables.
        </Alert>
      )}
      {contents.isPending && (
        <Group gap="sm">
          <Loader size="sm" />
          <Text size="sm">Reading the archive's table of contents…</Text>
        </Group>
      )}
      {contents.error && <ErrorAlert error={contents.error} title="Cannot read the backup's contents" />}
      {contents.data && (
        <ContentsTree
          contents={contents.data}
          rowsByTable={rowsByTable}
          selection={
            canPick && draft.selection === 'chosen'
              ? { picked: new Set(draft.pickedTables), onChange: (next) => onChange({ pickedTables: [...next] }) }
              : undefined
          }
        />
      )}
      {canPick && draft.selection === 'chosen' && (
        <Text size="sm" data-testid="picked-count">
          {draft.pickedTables.length === 0 ? 'No table ticked yet.' : `${draft.pickedTables.length} table${draft.pickedTables.length === 1 ? '' : 's'} ticked.`}
        </Text>
      )}
    </Stack>
  );
}
