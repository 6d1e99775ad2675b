import { NumberInput, SimpleGrid, Stack, Text } from '@mantine/core';
import type { LogicalManifest } from '../../../shared/domain/backup';
import { LabelledSegmentedControl } from '../../components/labelled-segmented-control';
import { OptionSwitches } from '../../components/option-switches';
import { formatAllows, type RestoreDraft } from './restore-draft';

/** Step 4: how pg_restore (or psql) runs; what the backup's format cannot do is shown disabled, with why. */
export function OptionsStep({ manifest, draft, onChange }: { manifest: LogicalManifest; draft: RestoreDraft; onChange(patch: Partial<RestoreDraft>): void }) {
  const { format } = manifest.logical;
  const allows = formatAllows(format);
  const jobsWhyNot = !allows.parallel
    ? format === 'plain'
      ? 'psql runs a plain SQL backup on one connection.'
      : 'pg_restore cannot run parallel jobs from a tar archive.'
    : draft.singleTransaction
      ? 'A single transaction runs on one connection.'
      : 'pg_restore -j: tables and indexes restored side by side.';

  return (
    <Stack gap="lg" data-testid="step-options" maw={760}>
      <SimpleGrid cols={2} spacing="lg" verticalSpacing="lg">
        <NumberInput
          label="Parallel jobs"
          description={jobsWhyNot}
          min={1}
          max={64}
          value={allows.parallel && !draft.singleTransaction ? draft.jobs : 1}
          onChange={(value) => onChange({ jobs: typeof value === 'number' ? value : 1 })}
          disabled={!allows.parallel || draft.singleTransaction}
          data-testid="restore-jobs"
        />
        <LabelledSegmentedControl
          label="What to restore"
          value={allows.content ? draft.content : 'all'}
          onChange={(value) => onChange({ content: value as RestoreDraft['content'] })}
          disabled={!allows.content}
          data={[
            { value: 'all', label: 'Everything' },
            { value: 'schema-only', label: 'Definitions' },
            { value: 'data-only', label: 'Rows' },
          ]}
          aria-label="What to restore"
          note={allows.content ? 'Definitions only: empty tables. Rows only: into tables that exist already.' : 'A plain SQL backup restores as it was dumped.'}
        />
        <OptionSwitches
          draft={draft}
          onChange={onChange}
          options={[
            {
              field: 'noOwner',
              label: 'No owners (--no-owner)',
              description: 'Everything belongs to the role that restores: no error for owners this server lacks.',
              disabled: format === 'plain',
            },
            {
              field: 'noPrivileges',
              label: 'No privileges (--no-privileges)',
              description: 'Skips GRANT and REVOKE, which name roles this server may not have.',
              disabled: format === 'plain',
            },
            {
              field: 'singleTransaction',
              label: 'All or nothing (--single-transaction)',
              description: 'One transaction: the first error rolls everything back, leaving the target as it was.',
              testId: 'restore-single-transaction',
            },
            {
              field: 'includeGlobals',
              label: 'Create roles and tablespaces first',
              description: manifest.logical.globalsPath
                ? "Runs the backup's globals.sql: for a new server. Roles that exist already are reported and kept."
                : 'This backup saved no roles and tablespaces.',
              disabled: !manifest.logical.globalsPath,
            },
          ]}
        />
      </SimpleGrid>
      {format === 'plain' && (
        <Text size="sm" c="dimmed">
          A plain SQL backup is run by psql with ON_ERROR_STOP: it stops at the first error. Its owner and privilege statements are in the script as it was
          dumped.
        </Text>
      )}
    </Stack>
  );
}
