import { Group, Loader, Stack, Text } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import type { DescribedEndState, RecoveryPlanOutcome } from '../../../shared/domain/pitr';
import type { RecoverableWindow } from '../../../shared/domain/wal-archive';
import { ErrorAlert } from '../../components/error-alert';
import { EndStateAlert } from '../../components/recovery/end-state-alert';
import { RecoveryTargetEditor } from '../../components/recovery/recovery-target-editor';
import { readTarget, windowVerdict, type TargetDraft } from '../../components/recovery/target-draft';
import { formatUtc } from '../../components/recovery/zoned-time';
import type { PlanQuery } from './use-recovery-plan';

/** Step 2: where replay stops, bounded by the recoverable window, with the plan's verdict as soon as the target is complete. */
export function TargetStep({
  target,
  onChange,
  window,
  windowError,
  windowRefusal,
  serverZone,
  plan,
}: {
  target: TargetDraft;
  onChange: (next: TargetDraft) => void;
  window: RecoverableWindow | null;
  windowError: unknown;
  /** Without its server, the cluster could not be found from its backups: why. */
  windowRefusal: DescribedEndState | null;
  serverZone: string | null;
  plan: PlanQuery;
}) {
  // A time the window already explains (before the backup, after the archive, in a gap) needs no second refusal under it.
  const reading = readTarget(target);
  const explained = reading.state === 'ready' && reading.utc !== null && window !== null && !windowVerdict(window, reading.utc, target.timeZone).reachable;
  return (
    <Stack gap="lg">
      {Boolean(windowError) && <ErrorAlert error={windowError} title="Cannot read the recoverable window" />}
      {windowRefusal && <EndStateAlert end={windowRefusal} />}
      <RecoveryTargetEditor draft={target} onChange={onChange} window={window} serverZone={serverZone} />
      <PlanVerdict plan={plan} hideRefusal={explained} />
    </Stack>
  );
}

/** What the services say about this target: refused with its end state, or which backup and how much WAL. */
export function PlanVerdict({ plan, hideRefusal = false }: { plan: PlanQuery; hideRefusal?: boolean }) {
  if (!plan.enabled) return null;
  if (plan.isFetching && !plan.data) {
    return (
      <Group gap="sm" data-testid="plan-checking">
        <Loader size="xs" />
        <Text size="sm">Checking the base backups and the archive…</Text>
      </Group>
    );
  }
  if (plan.error) return <ErrorAlert error={plan.error} title="Cannot plan this recovery" />;
  if (!plan.data || (hideRefusal && plan.data.kind === 'refused')) return null;
  return <PlanOutcomeSummary outcome={plan.data} />;
}

function PlanOutcomeSummary({ outcome }: { outcome: RecoveryPlanOutcome }) {
  if (outcome.kind === 'refused') return <EndStateAlert end={outcome.refusal} />;
  const { plan } = outcome;
  return (
    <Group gap={6} align="flex-start" wrap="nowrap" data-testid="plan-ready">
      <IconCircleCheck size={18} color="var(--mantine-color-teal-7)" style={{ flexShrink: 0, marginTop: 2 }} />
      <Text size="sm">
        Reachable: from base backup <strong>{plan.backup.id}</strong>
        {plan.backup.stopTime ? ` (ended ${formatUtc(plan.backup.stopTime)})` : ''}, replaying {plan.wal.segmentCount} archived WAL segment
        {plan.wal.segmentCount === 1 ? '' : 's'} to {plan.target.description}.
        {plan.wal.lastCommitTime ? ` The archive's last commit is at ${formatUtc(plan.wal.lastCommitTime)}.` : ''}
      </Text>
    </Group>
  );
}
