import { Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { IconDeviceFloppy, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { StoredRetentionPolicy } from '../../../shared/domain/retention-policy';
import type { ProfileView } from '../../../shared/domain/profile';
import { hrefFor } from '../../app/routes';
import { useMutationRequest, useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { FormSection } from '../../components/form-section';
import { RetentionRulesEditor } from '../../components/retention/retention-rules-editor';
import type { DraftPolicy, RetentionRulesDraft } from '../../components/retention/retention-rules-draft';
import { wallTimeIn } from '../../components/recovery/zoned-time';

/** Whether the editor shows the saved policy, changed rules, or rules with no policy saved at all. */
export type PolicyState = 'saved' | 'changed' | 'none';

/**
 * The profile's retention policy: edited with the one rules editor, saved into the repository (so
 * the CLI and a daemon use it too), or cleared. Says which schedules use it.
 */
export function ProfilePolicySection({
  profile,
  stored,
  draft,
  checked,
  state,
  onChange,
  extra,
}: {
  profile: ProfileView;
  stored: StoredRetentionPolicy | null;
  draft: RetentionRulesDraft;
  checked: DraftPolicy;
  state: PolicyState;
  onChange(draft: RetentionRulesDraft): void;
  extra: ReactNode;
}) {
  const invalidates = ['retention.policy', 'retention.plan'] as const;
  const save = useMutationRequest('retention.setPolicy', { invalidates: [...invalidates] });
  const clear = useMutationRequest('retention.clearPolicy', { invalidates: [...invalidates] });
  const status: Record<PolicyState, string> = {
    saved: `Saved ${stored ? wallTimeIn(stored.updatedAt, Intl.DateTimeFormat().resolvedOptions().timeZone) : ''}. The plan below is this policy's.`,
    changed: 'Changed, not saved: the plan below previews the rules shown; schedules still use the saved policy.',
    none: `No policy is saved for ${profile.name}: schedules that use the profile's policy delete nothing. The plan below previews the rules shown.`,
  };
  return (
    <FormSection
      title={`Retention policy of ${profile.name}`}
      description={
        <>
          After each run a schedule applies its own rules if it has them, else this policy; with neither, nothing is deleted.{' '}
          <Text span ff="monospace" size="xs">
            tidemark retention plan/apply --profile
          </Text>{' '}
          without rules use it too.
        </>
      }
      testId="profile-policy"
    >
      <Stack gap="md">
        <RetentionRulesEditor draft={draft} onChange={onChange} extra={extra} />
        <PolicyUsers profileId={profile.id} />
        {(save.error ?? clear.error) && <ErrorAlert error={(save.error ?? clear.error)!} title="The policy was not changed" />}
        <Group justify="space-between" gap="md">
          <Text size="sm" c={state === 'saved' ? 'teal.8' : 'orange.8'} data-testid="policy-status" data-state={state}>
            {status[state]}
          </Text>
          <Group gap="sm">
            {stored && (
              <Button
                variant="default"
                leftSection={<IconTrash size={16} />}
                loading={clear.isPending}
                onClick={() => clear.mutate({ profileId: profile.id })}
                data-testid="clear-policy"
              >
                Clear the policy
              </Button>
            )}
            <Button
              leftSection={<IconDeviceFloppy size={16} />}
              disabled={!checked.ok || state === 'saved'}
              loading={save.isPending}
              onClick={() => checked.ok && save.mutate({ profileId: profile.id, policy: checked.policy })}
              data-testid="save-policy"
            >
              Save as the profile&apos;s policy
            </Button>
          </Group>
        </Group>
      </Stack>
    </FormSection>
  );
}

/** Which of the profile's schedules apply this policy after each run, and which have rules of their own. */
function PolicyUsers({ profileId }: { profileId: string }) {
  const schedules = useRequest('schedules.list', { profileId });
  const all = schedules.data?.schedules.map((view) => view.schedule) ?? [];
  const using = all.filter((schedule) => schedule.applyRetention && !schedule.retention).map((schedule) => schedule.name);
  const own = all.filter((schedule) => schedule.applyRetention && schedule.retention).map((schedule) => schedule.name);
  if (all.length === 0) return null;
  return (
    <Text size="sm" c="dimmed" data-testid="policy-users">
      {using.length > 0 ? `Applied after each run of ${using.join(', ')}.` : 'No schedule of this profile applies it yet.'}
      {own.length > 0 && ` ${own.join(', ')} ${own.length === 1 ? 'has' : 'have'} rules of ${own.length === 1 ? 'its' : 'their'} own.`}{' '}
      <Anchor href={hrefFor({ page: 'schedules' })} size="sm">
        Schedules
      </Anchor>
    </Text>
  );
}
