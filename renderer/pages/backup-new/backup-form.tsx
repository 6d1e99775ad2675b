import { Accordion, Group, MultiSelect, NumberInput, Radio, SegmentedControl, SimpleGrid, Stack, TagsInput, Text } from '@mantine/core';
import type { LogicalFormat } from '../../../shared/domain/backup';
import type { ProfileView } from '../../../shared/domain/profile';
import { useRequest } from '../../bridge/use-request';
import { OptionSwitches, type BooleanField, type OptionSwitch } from '../../components/option-switches';
import { formatBytes } from '../../../shared/format/bytes';
import { ErrorAlert } from '../../components/error-alert';
import { FormSection } from '../../components/form-section';
import { ProfileSelect } from '../../components/profile-select';
import { initialDraft, type BackupDraft } from './backup-draft';

const formats: { value: LogicalFormat; label: string; explanation: string }[] = [
  { value: 'custom', label: 'Custom', explanation: 'One compressed archive. pg_restore can pick tables from it and restore in parallel. The usual choice.' },
  { value: 'directory', label: 'Directory', explanation: 'A folder with one file per table: the only format pg_dump can write with parallel jobs.' },
  { value: 'tar', label: 'Tar', explanation: 'A tar archive pg_restore reads; pg_dump cannot compress it, and it restores with one job.' },
  { value: 'plain', label: 'Plain SQL', explanation: 'A SQL script psql runs. Readable and editable, but restored whole: no table picking, no parallel jobs.' },
];

const dumpSwitches: OptionSwitch<BooleanField<BackupDraft>>[] = [
  {
    field: 'noOwner',
    label: 'No owners (--no-owner)',
    description: 'Restored objects belong to whoever restores them: the dump fits any server.',
  },
  {
    field: 'noPrivileges',
    label: 'No privileges (--no-privileges)',
    description: 'Leaves out GRANT and REVOKE, which name roles another server may not have.',
  },
  {
    field: 'includeGlobals',
    label: 'Save roles and tablespaces',
    description: 'pg_dumpall --globals-only beside the dump (without passwords), for a restore onto a new server.',
  },
  {
    field: 'testRestoreAfter',
    label: 'Test-restore it afterwards',
    description: "Restores into a scratch database, compares each table's rows with the backup's, then drops it.",
    testId: 'backup-test-restore',
  },
];

const patternHelp =
  'Patterns as pg_dump reads them: * and ? are wildcards, unquoted names fold to lower case, schema.table names a table in a schema; quote "Mixed Case" names. Press Enter after each.';

/**
 * The backup form: the server and its databases, the format, and what goes into the dump. The
 * schedule form shows it without the server (`withProfile` false), which it asks for itself.
 */
export function BackupForm({
  draft,
  onChange,
  profiles,
  withProfile = true,
}: {
  draft: BackupDraft;
  onChange(patch: Partial<BackupDraft>): void;
  profiles: readonly ProfileView[];
  withProfile?: boolean;
}) {
  const databases = useRequest('backups.databases', { connection: { profileId: draft.profileId ?? '' } }, { enabled: draft.profileId !== null });
  const format = formats.find((candidate) => candidate.value === draft.format)!;

  return (
    <Stack gap="md" data-testid="backup-form">
      <FormSection title="What to back up">
        <Stack gap="md">
          {withProfile && (
            <ProfileSelect
              profiles={profiles}
              value={draft.profileId}
              onChange={(profile) => onChange({ profileId: profile?.id ?? null, databases: initialDraft(profile).databases })}
              testId="backup-profile"
            />
          )}
          {draft.profileId && (
            <Radio.Group value={draft.scope} onChange={(scope) => onChange({ scope: scope as BackupDraft['scope'] })} label="Databases">
              <Stack gap="sm" mt={6}>
                <Radio value="chosen" label="These databases" data-testid="scope-chosen" />
                {draft.scope === 'chosen' && (
                  <MultiSelect
                    ml={30}
                    placeholder={databases.isPending ? 'Reading the server’s databases…' : 'Pick one or more'}
                    data={(databases.data?.databases ?? []).map((database) => ({
                      value: database.name,
                      label: database.sizeBytes === null ? database.name : `${database.name} (${formatBytes(database.sizeBytes)})`,
                    }))}
                    value={draft.databases}
                    onChange={(chosen) => onChange({ databases: chosen })}
                    searchable
                    aria-label="Databases to back up"
                    data-testid="backup-databases"
                  />
                )}
                <Radio
                  value="all"
                  label="All databases of this server"
                  description="One job, one backup per database. The list is read again when the job runs, so databases created meanwhile are included."
                  data-testid="scope-all"
                />
              </Stack>
            </Radio.Group>
          )}
          {databases.error && <ErrorAlert error={databases.error} title="Cannot list the server's databases" />}
        </Stack>
      </FormSection>

      <FormSection title="Format">
        <Stack gap="sm">
          <SegmentedControl
            value={draft.format}
            onChange={(value) => onChange({ format: value as LogicalFormat })}
            data={formats.map(({ value, label }) => ({ value, label }))}
            data-testid="backup-format"
            aria-label="Format"
          />
          <Text size="sm" c="dimmed">
            {format.explanation}
          </Text>
          <SimpleGrid cols={2} spacing="md">
            <NumberInput
              label="Parallel jobs"
              description={draft.format === 'directory' ? 'pg_dump -j: one connection per job.' : 'Only with the directory format.'}
              min={1}
              max={64}
              value={draft.format === 'directory' ? draft.jobs : 1}
              onChange={(value) => onChange({ jobs: typeof value === 'number' ? value : 1 })}
              disabled={draft.format !== 'directory'}
              data-testid="backup-jobs"
            />
            <NumberInput
              label="Compression level"
              description={draft.format === 'tar' ? 'pg_dump cannot compress the tar format.' : "0 (none) to 9 (smallest); empty: pg_dump's default."}
              placeholder="pg_dump's default"
              min={0}
              max={9}
              allowDecimal={false}
              value={draft.format === 'tar' || draft.compressionLevel === null ? '' : draft.compressionLevel}
              onChange={(value) => onChange({ compressionLevel: typeof value === 'number' ? value : null })}
              disabled={draft.format === 'tar'}
              data-testid="backup-compression"
            />
          </SimpleGrid>
        </Stack>
      </FormSection>

      <FormSection title="Options">
        <Stack gap="sm">
          <SegmentedControl
            value={draft.content}
            onChange={(value) => onChange({ content: value as BackupDraft['content'] })}
            data={[
              { value: 'all', label: 'Definitions and rows' },
              { value: 'schema-only', label: 'Definitions only' },
              { value: 'data-only', label: 'Rows only' },
            ]}
            aria-label="What the dump holds"
          />
          <SimpleGrid cols={2} spacing="sm" verticalSpacing="sm">
            <OptionSwitches draft={draft} onChange={onChange} options={dumpSwitches} />
          </SimpleGrid>
        </Stack>
      </FormSection>

      <Accordion variant="contained" radius="md" chevronPosition="left">
        <Accordion.Item value="select">
          <Accordion.Control>
            <Group gap="xs">
              <Text fw={600}>Only some schemas or tables</Text>
              {[draft.schemas, draft.excludeSchemas, draft.tables, draft.excludeTables].some((list) => list.length > 0) && (
                <Text size="sm" c="orange.8">
                  (a partial backup)
                </Text>
              )}
            </Group>
          </Accordion.Control>
          <Accordion.Panel>
            <Stack gap="sm">
              <Text size="sm" c="dimmed">
                {patternHelp}
              </Text>
              <SimpleGrid cols={2} spacing="md">
                <TagsInput label="Only these schemas (-n)" value={draft.schemas} onChange={(schemas) => onChange({ schemas })} placeholder="e.g. sales" />
                <TagsInput
                  label="Without these schemas (-N)"
                  value={draft.excludeSchemas}
                  onChange={(excludeSchemas) => onChange({ excludeSchemas })}
                  placeholder="e.g. audit"
                />
                <TagsInput label="Only these tables (-t)" value={draft.tables} onChange={(tables) => onChange({ tables })} placeholder="e.g. public.orders" />
                <TagsInput
                  label="Without these tables (-T)"
                  value={draft.excludeTables}
                  onChange={(excludeTables) => onChange({ excludeTables })}
                  placeholder="e.g. public.big_log*"
                />
              </SimpleGrid>
            </Stack>
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
    </Stack>
  );
}
