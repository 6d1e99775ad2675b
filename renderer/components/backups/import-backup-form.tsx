import { Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { useState } from 'react';
import type { LogicalManifest } from '../../../shared/domain/backup';
import { useMutationRequest, useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../error-alert';

/**
 * Adds a dump made elsewhere to the history. The path is typed: browser mode has no file dialog
 * (the page cannot see the server's disk), and the contract reads files where the services run.
 */
export function ImportBackupForm({
  defaultProfileId,
  submitLabel = 'Import',
  onImported,
}: {
  defaultProfileId?: string | null;
  submitLabel?: string;
  onImported(manifest: LogicalManifest): void;
}) {
  const profiles = useRequest('profiles.list', {});
  const info = useRequest('app.info', {});
  const [path, setPath] = useState('');
  const [profileId, setProfileId] = useState<string | null>(defaultProfileId ?? null);
  const [database, setDatabase] = useState('');
  const importBackup = useMutationRequest('backups.import', { invalidates: ['backups.list'], onSuccess: (manifest) => onImported(manifest) });
  const browserMode = info.data?.host === 'web';

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        importBackup.mutate({ path: path.trim(), ...(profileId ? { profileId } : {}), ...(database.trim() ? { database: database.trim() } : {}) });
      }}
    >
      <Stack gap="sm" data-testid="import-form">
        <TextInput
          label="Path of the dump"
          placeholder="/var/backups/postgres/shop_20260212.dump"
          description={
            browserMode
              ? 'Browser mode has no file dialog: type the full path as the machine running Tidemark sees it. A custom .dump, a directory-format folder, a .tar, or a plain .sql made by pg_dump (gzipped ones too).'
              : 'The full path of a custom .dump, a directory-format folder, a .tar, or a plain .sql made by pg_dump (gzipped ones too).'
          }
          value={path}
          onChange={(event) => setPath(event.currentTarget.value)}
          required
          data-autofocus
        />
        <Select
          label="Server it came from"
          description="Optional: lets you filter by it and restores to it by default."
          placeholder="None"
          clearable
          data={(profiles.data ?? []).map((profile) => ({ value: profile.id, label: profile.name }))}
          value={profileId}
          onChange={setProfileId}
          comboboxProps={{ withinPortal: true }}
        />
        <TextInput
          label="Database it came from"
          description="Only needed for a plain .sql dump, which does not name its database."
          value={database}
          onChange={(event) => setDatabase(event.currentTarget.value)}
        />
        <Text size="xs" c="dimmed">
          Tidemark copies the dump into the repository, reads its table of contents and records its checksums; the original is left untouched.
        </Text>
        {importBackup.error && <ErrorAlert error={importBackup.error} title="Could not import it" />}
        <Group justify="flex-end">
          <Button type="submit" leftSection={<IconFileImport size={16} />} loading={importBackup.isPending} disabled={!path.trim()} data-testid="import-submit">
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
