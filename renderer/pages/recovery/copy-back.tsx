import { Stack, Text } from '@mantine/core';
import type { RecoveredTableRows } from '../../../shared/domain/pitr';
import { CopyableCommand } from '../../components/copyable-command';
import { shellQuote } from '../../components/psql-command';

/**
 * The "give me back the deleted rows" path: a logical backup of the chosen tables from the
 * recovered copy, restored into the original database. The app's backup and restore wizards do
 * it step by step; the commands are the same thing for a terminal.
 */
export function CopyBack({ tables, recoveredProfileName, originalProfileName }: { tables: RecoveredTableRows[]; recoveredProfileName: string | null; originalProfileName: string | null }) {
  if (tables.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="copy-back-hint">
        Tick the tables to copy back to see how.
      </Text>
    );
  }
  const databases = [...new Set(tables.map((table) => table.database))];
  return (
    <Stack gap="sm" data-testid="copy-back">
      {databases.map((database) => {
        const names = tables.filter((table) => table.database === database).map((table) => `${table.schema}.${table.table}`);
        const tableArgs = names.map((name) => `--table ${shellQuote(name)}`).join(' ');
        const from = recoveredProfileName ? `--profile ${shellQuote(recoveredProfileName)}` : '--conn <the recovered cluster>';
        const into = originalProfileName ? `--profile ${shellQuote(originalProfileName)}` : '--conn <the original server>';
        return (
          <Stack key={database} gap="xs">
            <CopyableCommand label={`1. Back up ${names.join(', ')} from the recovered copy`} command={`tidemark backup logical ${from} --db ${shellQuote(database)} --exact ${tableArgs}`} />
            <CopyableCommand
              label={`2. Restore them into ${database} on the original server (the backup id is the one step 1 printed; add --data-only when the table still exists and only rows are missing)`}
              command={`tidemark restore logical <backup-id> ${into} --target-db ${shellQuote(database)} --existing --confirm ${shellQuote(database)} ${tableArgs}`}
            />
          </Stack>
        );
      })}
    </Stack>
  );
}
