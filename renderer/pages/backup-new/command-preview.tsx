import { Group, List, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { LogicalBackupRequest } from '../../../shared/contract/backups';
import { useRequest } from '../../bridge/use-request';
import { CopyableCommand } from '../../components/copyable-command';
import { ErrorAlert } from '../../components/error-alert';
import { shellCommandLine } from '../../components/psql-command';

/**
 * The exact commands the backup will run, built by the same code as the job (backups.preview), for
 * those who want to run them by hand. No password in them: it goes in the tool's environment.
 */
export function CommandPreview({ request, problem }: { request: LogicalBackupRequest | null; problem: string | null }) {
  // Typing a pattern should not ask the server on every key.
  const [settled] = useDebouncedValue(request, 350);
  const preview = useRequest('backups.preview', settled ?? ({} as LogicalBackupRequest), { enabled: settled !== null });

  return (
    <Paper withBorder p="lg" radius="md" data-testid="command-preview">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h5">
          The command it runs
        </Title>
        {preview.isFetching && <Loader size="xs" />}
      </Group>
      {problem && (
        <Text size="sm" c="dimmed">
          {problem}
        </Text>
      )}
      {!problem && preview.error && <ErrorAlert error={preview.error} title="Cannot prepare the command" />}
      {!problem && preview.data && (
        <Stack gap="sm">
          {preview.data.dumps.map((dump) => (
            <CopyableCommand
              key={dump.database}
              label={preview.data.dumps.length > 1 ? `pg_dump of ${dump.database}` : undefined}
              command={shellCommandLine(dump.argv)}
            />
          ))}
          {preview.data.globals && <CopyableCommand label="Roles and tablespaces" command={shellCommandLine(preview.data.globals.argv)} />}
          {preview.data.environment.length > 0 && (
            <Text size="xs" c="dimmed">
              Environment: {preview.data.environment.join(', ')}.
            </Text>
          )}
          {preview.data.notes.length > 0 && (
            <List size="xs" c="dimmed" spacing={2}>
              {preview.data.notes.map((note) => (
                <List.Item key={note}>{note}</List.Item>
              ))}
            </List>
          )}
        </Stack>
      )}
    </Paper>
  );
}
