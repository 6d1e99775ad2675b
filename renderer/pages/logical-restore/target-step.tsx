import { Alert, Badge, Checkbox, Code, Group, Loader, Paper, Radio, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconCircleCheck, IconShieldLock } from '@tabler/icons-react';
import { useEffect } from 'react';
import type { LogicalManifest } from '../../../shared/domain/backup';
import type { ProfileView } from '../../../shared/domain/profile';
import { useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { ActiveConnections } from './active-connections';
import { formatAllows, suggestNewDatabaseName, type RestoreDraft } from './restore-draft';
import { formatBytes } from '../../../shared/format/bytes';

/**
 * Step 3: where the backup goes. A NEW database is the default and touches nothing; an existing
 * one is overwritten only once its name is typed, with the sessions on it shown first.
 */
export function TargetStep({
  manifest,
  profiles,
  draft,
  onChange,
}: {
  manifest: LogicalManifest;
  profiles: readonly ProfileView[];
  draft: RestoreDraft;
  onChange(patch: Partial<RestoreDraft>): void;
}) {
  const profileId = draft.profileId ?? manifest.profile?.id ?? null;
  const connection = profileId ? { profileId } : null;
  const databases = useRequest('backups.databases', { connection: connection ?? { profileId: '' } }, { enabled: connection !== null });
  const names = databases.data?.databases.map((database) => database.name) ?? [];
  const sourceDatabase = manifest.logical.database;

  // The suggestion waits for the server's database names, so it names one that is free.
  useEffect(() => {
    if (!databases.data || draft.newDatabaseEdited) return;
    onChange({
      newDatabase: suggestNewDatabaseName(
        sourceDatabase,
        databases.data.databases.map((database) => database.name),
      ),
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [databases.data, sourceDatabase]);

  return (
    <Stack gap="md" data-testid="step-target">
      <Select
        label="Server"
        description={manifest.profile ? `The backup came from ${manifest.profile.name}.` : 'This backup names no server: choose one.'}
        placeholder="Choose a connection"
        data={profiles.map((profile) => ({ value: profile.id, label: `${profile.name} — ${profile.summary}` }))}
        value={profileId}
        onChange={(chosen) => onChange({ profileId: chosen, existingDatabase: null, confirm: '', newDatabaseEdited: false })}
        allowDeselect={false}
        w={480}
        data-testid="restore-server"
      />
      {databases.error && <ErrorAlert error={databases.error} title="Cannot reach that server" />}
      {connection && (
        <Radio.Group value={draft.targetKind} onChange={(kind) => onChange({ targetKind: kind as RestoreDraft['targetKind'] })}>
          <Stack gap="md">
            <Paper withBorder p="md" radius="md" style={draft.targetKind === 'new' ? { borderColor: 'var(--mantine-primary-color-filled)' } : undefined}>
              <Radio
                value="new"
                label={<Text fw={600}>A new database</Text>}
                description="Non-destructive: nothing that exists is touched. Recommended."
                data-testid="target-new"
              />
              {draft.targetKind === 'new' && (
                <Stack gap="xs" mt="sm" ml={32}>
                  <TextInput
                    label="Name of the new database"
                    value={draft.newDatabase}
                    onChange={(event) => onChange({ newDatabase: event.currentTarget.value, newDatabaseEdited: true })}
                    w={360}
                    data-testid="new-database-name"
                  />
                  <NewDatabaseCheck connection={connection} database={draft.newDatabase.trim()} />
                </Stack>
              )}
            </Paper>
            <Paper withBorder p="md" radius="md" style={draft.targetKind === 'existing' ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}>
              <Radio
                value="existing"
                color="red"
                label={<Text fw={600}>Over an existing database</Text>}
                description="Destructive: the backup's objects replace those of the same name. You will type the database's name to confirm."
                data-testid="target-existing"
              />
              {draft.targetKind === 'existing' && (
                <ExistingTarget manifest={manifest} connection={connection} names={names} draft={draft} onChange={onChange} />
              )}
            </Paper>
          </Stack>
        </Radio.Group>
      )}
    </Stack>
  );
}

function NewDatabaseCheck({ connection, database }: { connection: { profileId: string }; database: string }) {
  const [settled] = useDebouncedValue(database, 300);
  const info = useRequest('restore.targetInfo', { connection, database: settled }, { enabled: settled !== '' });
  if (!settled) return null;
  if (info.isPending) return <Loader size="xs" />;
  if (info.error) return <ErrorAlert error={info.error} title="Cannot check that name" />;
  if (info.data.exists) {
    return (
      <Text size="sm" c="red.8" data-testid="new-database-taken">
        {info.data.database} already exists on {info.data.server}: choose another name, or restore over it below.
      </Text>
    );
  }
  if (!info.data.canCreateDatabase) {
    return (
      <Text size="sm" c="red.8">
        The connection's role may not create databases (it needs CREATEDB): restore over an existing database, or connect as a role that may.
      </Text>
    );
  }
  return (
    <Group gap={6} wrap="nowrap" align="flex-start">
      <IconCircleCheck size={16} color="var(--mantine-color-teal-6)" style={{ flexShrink: 0, marginTop: 2 }} />
      <Text size="sm" c="dimmed" data-testid="new-database-free">
        No database has this name on {info.data.server}: it will be created from template0 with the source's encoding and locale.
      </Text>
    </Group>
  );
}

function ExistingTarget({
  manifest,
  connection,
  names,
  draft,
  onChange,
}: {
  manifest: LogicalManifest;
  connection: { profileId: string };
  names: string[];
  draft: RestoreDraft;
  onChange(patch: Partial<RestoreDraft>): void;
}) {
  const database = draft.existingDatabase;
  const info = useRequest('restore.targetInfo', { connection, database: database ?? '' }, { enabled: database !== null, refetchInterval: 5000 });
  const allows = formatAllows(manifest.logical.format);
  const confirmed = database !== null && draft.confirm === database;

  return (
    <Stack gap="sm" mt="sm" ml={32}>
      <Select
        label="Database to restore over"
        placeholder="Choose a database"
        data={names}
        value={database}
        onChange={(chosen) => onChange({ existingDatabase: chosen, confirm: '' })}
        searchable
        w={360}
        data-testid="existing-database"
      />
      {database && info.data && (
        <Text size="sm" c="dimmed">
          {info.data.database} on {info.data.server}
          {info.data.owner ? `, owned by ${info.data.owner}` : ''}
          {info.data.sizeBytes !== null ? `, ${formatBytes(info.data.sizeBytes)}` : ''}.
        </Text>
      )}
      {database && (
        <>
          {allows.clean ? (
            <Checkbox
              checked={draft.clean}
              onChange={(event) => onChange({ clean: event.currentTarget.checked })}
              label="Drop each object before recreating it (--clean --if-exists)"
              description="Without it, objects that exist already make pg_restore report errors and keep the old ones."
            />
          ) : (
            <Text size="sm" c="dimmed">
              A plain SQL backup holds no DROP statements: its objects are added to the database, and those that exist already are errors.
            </Text>
          )}
          {info.error && <ErrorAlert error={info.error} title="Cannot read that database" />}
          {info.data && (
            <ActiveConnections connection={connection} database={database} connections={info.data.connections} onTerminated={() => void info.refetch()} />
          )}
          <Alert color="red" variant="light" icon={<IconAlertTriangle />} title={`This overwrites ${database}`}>
            <Stack gap="xs">
              <Text size="sm">
                Type <Code>{database}</Code> to confirm. Anything in it that the backup also holds is replaced; it cannot be undone from here.
              </Text>
              <TextInput
                aria-label="Type the database name to confirm"
                value={draft.confirm}
                onChange={(event) => onChange({ confirm: event.currentTarget.value })}
                w={360}
                leftSection={<IconShieldLock size={16} />}
                rightSection={
                  confirmed ? (
                    <Badge size="xs" color="red">
                      OK
                    </Badge>
                  ) : null
                }
                rightSectionWidth={40}
                data-testid="confirm-database-name"
              />
            </Stack>
          </Alert>
        </>
      )}
    </Stack>
  );
}
