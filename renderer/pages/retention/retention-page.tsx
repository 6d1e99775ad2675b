import { Anchor, Group, Loader, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { formatRetentionRules, type RetentionPlan } from '../../../shared/domain/retention';
import type { ProfileView } from '../../../shared/domain/profile';
import { describeRetentionPolicy, type StoredRetentionPolicy } from '../../../shared/domain/retention-policy';
import { formatBytes } from '../../../shared/format/bytes';
import { hrefFor } from '../../app/routes';
import { useRequest } from '../../bridge/use-request';
import { CopyableCommand } from '../../components/copyable-command';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { ProfileGate } from '../../components/profile-gate';
import { viewerZone, wallTimeIn } from '../../components/recovery/zoned-time';
import { ApplyRetention } from './apply-retention';
import { gfsRulesDraft, policyOfRulesDraft, rulesDraftOf, sameRetentionPolicy } from '../../components/retention/retention-rules-draft';
import { TimeZoneSelect } from '../../components/time-zone-select';
import { ProfilePolicySection, type PolicyState } from './profile-policy-section';
import { retentionCommandFor } from './retention-draft';
import { RetentionPlanTable } from './retention-plan-table';
import { RetentionTimeline } from './retention-timeline';
import { RetentionWalSummary } from './retention-wal-summary';

/** A profile's retention: the rules, the plan they make (a dry run), and applying it. */
export function RetentionPage({ profileId }: { profileId: string }) {
  return <ProfileGate profileId={profileId}>{(profile) => <RetentionPlanner profile={profile} />}</ProfileGate>;
}

function RetentionPlanner({ profile }: { profile: ProfileView }) {
  const policy = useRequest('retention.policy', { profileId: profile.id });
  const [timeZone, setTimeZone] = useState(viewerZone);
  if (policy.isPending) return <Loader />;
  if (policy.error) return <ErrorAlert error={policy.error} title={`Cannot read the retention policy of ${profile.name}`} />;
  // Shown afresh when the saved policy changes (saved here, cleared, or set from the CLI).
  return (
    <PolicyAndPlan key={policy.data.stored?.updatedAt ?? 'none'} profile={profile} stored={policy.data.stored} timeZone={timeZone} onTimeZone={setTimeZone} />
  );
}

function PolicyAndPlan({
  profile,
  stored,
  timeZone,
  onTimeZone,
}: {
  profile: ProfileView;
  stored: StoredRetentionPolicy | null;
  timeZone: string;
  onTimeZone(zone: string): void;
}) {
  const [draft, setDraft] = useState(() => (stored ? rulesDraftOf(stored.policy) : gfsRulesDraft()));
  // Planned once typing settles: each plan reads every manifest and the WAL archive.
  const [settled] = useDebouncedValue(draft, 350);
  const checked = policyOfRulesDraft(settled);
  const typed = policyOfRulesDraft(draft);
  const state: PolicyState = !stored ? 'none' : typed.ok && sameRetentionPolicy(typed.policy, stored.policy) ? 'saved' : 'changed';
  // The saved policy is planned as the profile's (the service reads it), so the plan says so too.
  const previewsStored = stored !== null && checked.ok && sameRetentionPolicy(checked.policy, stored.policy);
  const policy = checked.ok && !previewsStored ? checked.policy : undefined;
  const plan = useRequest('retention.plan', { profileId: profile.id, ...(policy ? { policy } : {}), timeZone }, { enabled: checked.ok });
  const stale = plan.isFetching || draft !== settled;

  return (
    <>
      <PageHeader
        title={`Retention: ${profile.name}`}
        description="Which backups a policy keeps and why, and the WAL that goes with the ones it deletes. Nothing is deleted until you apply the plan."
        actions={
          <Anchor href={hrefFor({ page: 'connection', profileId: profile.id })} size="sm">
            Back to {profile.name}
          </Anchor>
        }
      />
      <Stack gap="lg">
        <ProfilePolicySection
          profile={profile}
          stored={stored}
          draft={draft}
          checked={typed}
          state={state}
          onChange={setDraft}
          extra={<TimeZoneSelect description="the plan's days, weeks, months" value={timeZone} onChange={onTimeZone} testId="rule-time-zone" />}
        />
        {checked.ok && <CopyableCommand label="The same plan from the command line" command={retentionCommandFor(profile.name, policy, timeZone)} />}
        {plan.error && <ErrorAlert error={plan.error} title="Cannot make the plan" />}
        {checked.ok && plan.isPending && (
          <Group gap="sm">
            <Loader size="sm" />
            <Text size="sm">Reading the backups and the WAL archive…</Text>
          </Group>
        )}
        {plan.data && checked.ok && (
          <Stack gap="lg" data-testid="retention-plan" data-fingerprint={plan.data.fingerprint} data-stale={stale} data-policy-source={plan.data.policySource}>
            <Text size="sm" fw={500} data-testid="plan-policy">
              {plan.data.policySource === 'profile' ? "The plan of the profile's saved policy" : 'The plan of the rules shown (not saved)'}:{' '}
              {describeRetentionPolicy(plan.data.policy)}.
            </Text>
            <PlanFigures plan={plan.data} />
            <ApplyRetention plan={plan.data} disabled={stale} />
            {plan.data.notes.map((note) => (
              <Text key={note} size="sm" c="orange.8" data-testid="retention-note">
                {note}
              </Text>
            ))}
            {plan.data.backups.length > 0 && <RetentionTimeline plan={plan.data} />}
            <RetentionWalSummary plan={plan.data} />
            {plan.data.backups.length > 0 ? (
              <RetentionPlanTable plan={plan.data} />
            ) : (
              <Text c="dimmed">
                No backups of {profile.name} in {plan.data.repositoryDir} yet.
              </Text>
            )}
          </Stack>
        )}
        <RetentionHistory profileId={profile.id} />
      </Stack>
    </>
  );
}

function PlanFigures({ plan }: { plan: RetentionPlan }) {
  const figures = [
    { key: 'kept', label: 'Kept', value: String(plan.kept) },
    { key: 'deleted', label: 'Deleted', value: String(plan.deleted) },
    { key: 'wal', label: 'WAL files pruned', value: `${plan.walSegmentsPruned} (${formatBytes(plan.walBytesPruned)})` },
    { key: 'freed', label: 'Freed', value: formatBytes(plan.bytesFreed) },
  ];
  return (
    <SimpleGrid cols={{ base: 2, md: 4 }}>
      {figures.map((figure) => (
        <Paper key={figure.key} withBorder p="md" radius="md" data-testid={`figure-${figure.key}`}>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
            {figure.label}
          </Text>
          <Text size="xl" fw={700}>
            {figure.value}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function RetentionHistory({ profileId }: { profileId: string }) {
  const history = useRequest('retention.history', { profileId, limit: 10 });
  if (!history.data || history.data.length === 0) return null;
  return (
    <Stack gap="xs" data-testid="retention-history">
      <Title order={2} size="h5">
        Earlier runs
      </Title>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>By</Table.Th>
            <Table.Th>Rules</Table.Th>
            <Table.Th>Deleted</Table.Th>
            <Table.Th>WAL</Table.Th>
            <Table.Th>Freed</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {history.data.map((entry) => (
            <Table.Tr key={entry.at} data-testid="retention-history-row">
              <Table.Td>{wallTimeIn(entry.at, entry.timeZone)}</Table.Td>
              <Table.Td>{entry.scheduleName ? `${entry.trigger}: ${entry.scheduleName}` : entry.trigger}</Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace">
                  {formatRetentionRules(entry.policy)}
                </Text>
              </Table.Td>
              <Table.Td>{entry.deleted.length}</Table.Td>
              <Table.Td>{entry.wal.reduce((sum, wal) => sum + wal.segmentsPruned, 0)}</Table.Td>
              <Table.Td>{formatBytes(entry.bytesFreed)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
