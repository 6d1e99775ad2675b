import { NumberInput, Paper, Select, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { timeZoneChoices } from '../../components/recovery/zoned-time';
import { countRules, type RetentionDraft } from './retention-draft';

const countHelp: Record<(typeof countRules)[number][0], string> = {
  'keep-last': 'the N newest of each series',
  'keep-hourly': 'newest of each of N hours',
  'keep-daily': 'newest of each of N days',
  'keep-weekly': 'newest of each of N ISO weeks',
  'keep-monthly': 'newest of each of N months',
  'keep-yearly': 'newest of each of N years',
};

/** The rules: counts (empty turns a rule off), keep-within, and the zone the calendar rules count in. */
export function RetentionRulesForm({ draft, onChange, problem }: { draft: RetentionDraft; onChange: (draft: RetentionDraft) => void; problem: string | null }) {
  return (
    <Paper withBorder p="lg" radius="md" data-testid="retention-rules">
      <Stack gap="md">
        <Title order={2} size="h5">
          Rules
        </Title>
        <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
          {countRules.map(([name, field]) => (
            <NumberInput
              key={field}
              label={name}
              description={countHelp[name]}
              min={0}
              max={100_000}
              allowDecimal={false}
              allowNegative={false}
              value={draft[field]}
              onChange={(value) => onChange({ ...draft, [field]: value === '' ? '' : Number(value) })}
              data-testid={`rule-${name}`}
            />
          ))}
          <TextInput
            label="keep-within"
            description="all from the last 12h, 7d, 2w, 6m, 1y"
            placeholder="off"
            value={draft.keepWithin}
            onChange={(event) => onChange({ ...draft, keepWithin: event.currentTarget.value })}
            data-testid="rule-keep-within"
          />
          <Select
            label="Time zone"
            description="whose days, weeks and months count"
            searchable
            data={timeZoneChoices(null, [draft.timeZone])}
            value={draft.timeZone}
            onChange={(value) => value && onChange({ ...draft, timeZone: value })}
            data-testid="rule-time-zone"
          />
        </SimpleGrid>
        {problem ? (
          <Text size="sm" c="red" data-testid="rules-problem">
            {problem}
          </Text>
        ) : (
          <Text size="sm" c="dimmed">
            Each rule keeps on its own; a backup any rule keeps stays. Pinned backups, one being restored, the newest verified and the newest of each series,
            and base backups the recoverable window needs are kept whatever the rules say.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
