import { SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import { describeRetentionPolicy } from '../../../shared/domain/retention-policy';
import { WholeNumberInput } from '../whole-number-input';
import { countRules, policyOfRulesDraft, type RetentionRulesDraft } from './retention-rules-draft';

const countHelp: Record<(typeof countRules)[number][0], string> = {
  'keep-last': 'the N newest of each series',
  'keep-hourly': 'newest of N hours',
  'keep-daily': 'newest of N days',
  'keep-weekly': 'newest of N ISO weeks',
  'keep-monthly': 'newest of N months',
  'keep-yearly': 'newest of N years',
};

/**
 * The retention rules, as the retention page (the profile's policy) and the schedule form (a
 * schedule's own rules) edit them: keep-last, keep-within and the calendar (GFS) counts, with one
 * line saying what they keep, or why they are refused.
 */
export function RetentionRulesEditor({
  draft,
  onChange,
  extra,
}: {
  draft: RetentionRulesDraft;
  onChange(draft: RetentionRulesDraft): void;
  extra?: ReactNode;
}) {
  const checked = policyOfRulesDraft(draft);
  const [keepLast, ...calendar] = countRules;
  const count = ([name, field]: (typeof countRules)[number]) => (
    <WholeNumberInput
      key={field}
      label={name}
      description={countHelp[name]}
      placeholder="off"
      min={0}
      max={100_000}
      value={draft[field]}
      onChange={(value) => onChange({ ...draft, [field]: value })}
      testId={`rule-${name}`}
    />
  );
  return (
    <Stack gap="sm" data-testid="retention-rules">
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
        {count(keepLast!)}
        <TextInput
          label="keep-within"
          description="all from the last 12h, 7d, 2w, 6m, 1y"
          placeholder="off"
          value={draft.keepWithin}
          onChange={(event) => onChange({ ...draft, keepWithin: event.currentTarget.value })}
          data-testid="rule-keep-within"
        />
        {extra}
      </SimpleGrid>
      <SimpleGrid cols={{ base: 2, md: 5 }} spacing="md">
        {calendar.map(count)}
      </SimpleGrid>
      {checked.ok ? (
        <Text size="sm" fw={500} data-testid="rules-summary">
          This policy {describeRetentionPolicy(checked.policy)}.
        </Text>
      ) : (
        <Text size="sm" c="red" data-testid="rules-problem">
          {checked.message}
        </Text>
      )}
      <Text size="xs" c="dimmed">
        Each rule keeps on its own; a backup any rule keeps stays. Pinned backups, one being restored, the newest verified and the newest of each series, and
        base backups the recoverable window needs are kept whatever the rules say.
      </Text>
    </Stack>
  );
}
