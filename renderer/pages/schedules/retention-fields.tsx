import { Anchor, Stack, Text } from '@mantine/core';
import { describeRetentionPolicy } from '../../../shared/domain/retention-policy';
import { hrefFor } from '../../app/routes';
import { useRequest } from '../../bridge/use-request';
import { FormSection } from '../../components/form-section';
import { LabelledSegmentedControl } from '../../components/labelled-segmented-control';
import { RetentionRulesEditor } from '../../components/retention/retention-rules-editor';
import type { RetentionChoice, ScheduleDraft } from './schedule-draft';

const choiceLabels: Record<RetentionChoice, string> = {
  profile: "The profile's policy",
  own: 'Rules of its own',
  none: 'None',
};

/**
 * "Retention after each run": the profile's stored policy (read at each run, so changing it on the
 * retention page changes what this schedule keeps), rules of its own (which win over the
 * profile's), or none.
 */
export function RetentionFields({
  draft,
  onChange,
}: {
  draft: Pick<ScheduleDraft, 'profileId' | 'retention' | 'retentionRules'>;
  onChange(change: Partial<Pick<ScheduleDraft, 'retention' | 'retentionRules'>>): void;
}) {
  return (
    <FormSection
      title="Retention after each run"
      description="After a successful run the schedule prunes old backups of its connection (and the WAL that goes with them): with its own rules if it has them, else with the profile's policy; with neither, nothing is deleted."
      testId="schedule-retention"
    >
      <Stack gap="md">
        <LabelledSegmentedControl
          label="Which rules"
          value={draft.retention}
          onChange={(retention) => onChange({ retention: retention as RetentionChoice })}
          data={(Object.keys(choiceLabels) as RetentionChoice[]).map((value) => ({ value, label: choiceLabels[value] }))}
          data-testid="retention-choice"
        />
        {draft.retention === 'profile' && draft.profileId && <ProfilePolicyNote profileId={draft.profileId} />}
        {draft.retention === 'own' && <RetentionRulesEditor draft={draft.retentionRules} onChange={(retentionRules) => onChange({ retentionRules })} />}
        {draft.retention === 'none' && (
          <Text size="sm" c="dimmed" data-testid="retention-none">
            Nothing is deleted after a run: backups stay until you delete them or apply retention on the Retention page.
          </Text>
        )}
      </Stack>
    </FormSection>
  );
}

/** What the profile's policy keeps now, or that it has none (then nothing is deleted). */
function ProfilePolicyNote({ profileId }: { profileId: string }) {
  const policy = useRequest('retention.policy', { profileId });
  const link = (
    <Anchor href={hrefFor({ page: 'retention', profileId })} size="sm" data-testid="retention-page-link">
      {policy.data?.stored ? 'Change it on the Retention page' : 'Set it on the Retention page'}
    </Anchor>
  );
  if (!policy.data) return null;
  const stored = policy.data.stored;
  return (
    <Text size="sm" c={stored ? undefined : 'orange.8'} data-testid="retention-profile-policy" data-set={stored !== null}>
      {stored
        ? `The profile's policy ${describeRetentionPolicy(stored.policy)}; each run reads it afresh. `
        : 'This profile has no retention policy yet: nothing is deleted after a run until one is saved. '}
      {link}
    </Text>
  );
}
