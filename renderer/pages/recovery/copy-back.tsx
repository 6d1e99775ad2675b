import { Group, Stack, Text } from '@mantine/core';
import { IconArchive, IconRestore } from '@tabler/icons-react';
import type { RecoveredTableRows } from '../../../shared/domain/pitr';
import { CopyableCommand } from '../../components/copyable-command';
import { shellQuote } from '../../components/psql-command';
import { LinkButton } from '../../components/link-button';

/**
 * The "give me back the deleted rows" path: a logical backup of the chosen tables from the
 * recovered copy, restored into the original database. The app's backup and restore wizards do
 * it step by step; the commands are the same thing for a terminal.
 */
export function CopyBack({
  tables,
  recoveredProfileId,
  recoveredProfileName,
  originalProfileName,
}: {
  tables: RecoveredTableRows[];
  recoveredProfileId: string | null;
  recoveredProfileName: string | null;
  originalProfileName: string | null;
}) {
  const databases = [...new Set(tables.map((table) => table.database))];
  return (
    <Stack gap="sm" data-testid="copy-back">
      <Group gap="sm">
        {recoveredProfileId && (
          <LinkButton
            variant="light"
            to={{ page: 'new-backup', profileId: recoveredProfileId }}
            leftSection={<IconArchive size={16} />}
            data-testid="copy-back-backup"
          >
            1. Back up tables from this copy
          </LinkButton>
        )}
        <LinkButton variant="light" to={{ page: 'logical-restore' }} leftSection={<IconRestore size={16} />} data-testid="copy-back-restore">
          2. Restore them into the original
        </LinkButton>
      </Group>
      {tables.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="copy-back-hint">
          Tick tables above to see the same two steps as commands for a terminal.
        </Text>
      ) : (
        databases.map((database) => {
          const names = tables.filter((table) => table.database === database).map((table) => `${table.schema}.${table.table}`);
          const tableArgs = names.map((name) => `--table ${shellQuote(name)}`).join(' ');
          const from = recoveredProfileName ? `--profile ${shellQuote(recoveredProfileName)}` : '--conn <the recovered cluster>';
          const into = originalProfileName ? `--profile ${shellQuote(originalProfileName)}` : '--conn <the original server>';
          return (
            <Stack key={database} gap="xs" data-testid="copy-back-commands">
              <CopyableCommand
                label={`1. Back up ${names.join(', ')} from the recovered copy`}
                command={`tidemark backup logical ${from} --db ${shellQuote(database)} --exact ${tableArgs}`}
              />
              <CopyableCommand
                label={`2. Restore them into ${database} on the original server (the backup id is the one step 1 printed; add --data-only when the table still exists and only rows are missing)`}
                command={`tidemark restore logical <backup-id> ${into} --target-db ${shellQuote(database)} --existing --confirm ${shellQuote(database)} ${tableArgs}`}
              />
            </Stack>
          );
        })
      )}
    </Stack>
  );
}
