import { Alert, Button, Group, List, Modal, Stack, Text } from '@mantine/core';
import { IconCircleCheck, IconTrash } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { RetentionApplyResult, RetentionPlan } from '../../../shared/domain/retention';
import { formatBytes } from '../../../shared/format/bytes';
import { useMutationRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { TypedNameConfirm } from '../../components/typed-name-confirm';

/**
 * Apply: a confirmation that says what goes, typed (the number of backups) when more than half of
 * them would. The plan's fingerprint goes with it: if the backups changed since the screen was
 * drawn, the services delete nothing and the plan is read again.
 */
export function ApplyRetention({ plan, disabled }: { plan: RetentionPlan; disabled: boolean }) {
  const [confirming, setConfirming] = useState(false);
  const queryClient = useQueryClient();
  const apply = useMutationRequest('retention.apply', {
    invalidates: ['retention.plan', 'retention.history', 'retention.pins', 'backups.list', 'physical.list', 'wal.summary', 'wal.window', 'wal.segments'],
  });
  const nothingToDo = plan.deleted === 0 && plan.walSegmentsPruned === 0;
  const run = () =>
    apply.mutate(
      {
        profileId: plan.profile.id,
        // The profile's saved policy is applied as the profile's (the history says so); shown rules as given.
        ...(plan.policySource === 'request' ? { policy: plan.policy } : {}),
        timeZone: plan.timeZone,
        repositoryDir: plan.repositoryDir,
        expectedFingerprint: plan.fingerprint,
        confirm: plan.needsConfirmation,
        trigger: 'app',
      },
      {
        onSettled: () => setConfirming(false),
        // A refused plan is out of date: show the fresh one to look at again.
        onError: () => void queryClient.invalidateQueries({ queryKey: ['retention.plan'] }),
      },
    );
  const total = plan.completeKept + plan.completeDeleted;
  const what = (
    <Stack gap="xs">
      <Text size="sm">
        {plan.deleted} of the {plan.backups.length} backups of {plan.profile.name} are deleted
        {plan.walSegmentsPruned > 0 ? `, and ${plan.walSegmentsPruned} archived WAL segment file(s)` : ''}: {formatBytes(plan.bytesFreed)} freed.
      </Text>
      <Text size="sm" c="dimmed">
        Kept: {plan.kept} backup(s), every .history and .backup file, and the WAL every kept base backup needs. The run is written to the repository&apos;s
        retention history.
      </Text>
    </Stack>
  );

  return (
    <Stack gap="sm">
      <Group>
        <Button
          color="red"
          leftSection={<IconTrash size={16} />}
          disabled={disabled || nothingToDo}
          onClick={() => {
            apply.reset();
            setConfirming(true);
          }}
          data-testid="apply-retention"
        >
          {nothingToDo ? 'Nothing to delete' : 'Apply plan…'}
        </Button>
        {plan.needsConfirmation && (
          <Text size="sm" c="red" fw={600} data-testid="mass-deletion-warning">
            This plan deletes {plan.completeDeleted} of {total} backups: more than half.
          </Text>
        )}
      </Group>
      {apply.data && <AppliedResult result={apply.data} onClose={() => apply.reset()} />}
      {apply.error && !confirming && (
        <ErrorAlert
          error={apply.error}
          title={apply.error.code === 'conflict' ? 'The backups changed since this plan: nothing was deleted' : 'Retention failed'}
        />
      )}
      {confirming && plan.needsConfirmation && (
        <TypedNameConfirm
          opened
          onClose={() => setConfirming(false)}
          title={`Delete ${plan.completeDeleted} of ${total} backups?`}
          name={String(plan.completeDeleted)}
          actionLabel="Delete them"
          pending={apply.isPending}
          error={apply.error}
          onConfirm={run}
        >
          {what}
          <Alert color="red" variant="light">
            More than half of this profile&apos;s backups go. Check the plan&apos;s table and timeline first: retention with a mistake in it is the easiest way
            to lose data.
          </Alert>
        </TypedNameConfirm>
      )}
      {confirming && !plan.needsConfirmation && (
        <Modal opened onClose={() => setConfirming(false)} title={<Text fw={650}>Apply this retention plan?</Text>} centered size="lg">
          <Stack gap="md">
            {what}
            {apply.error && <ErrorAlert error={apply.error} />}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirming(false)}>
                Cancel
              </Button>
              <Button color="red" loading={apply.isPending} onClick={run} data-testid="confirm-apply">
                Delete {plan.deleted} backup(s)
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}

function AppliedResult({ result, onClose }: { result: RetentionApplyResult; onClose: () => void }) {
  return (
    <Alert
      color={result.failures.length ? 'orange' : 'teal'}
      icon={<IconCircleCheck />}
      withCloseButton
      onClose={onClose}
      title={`Deleted ${result.deleted} backup(s), pruned ${result.walSegmentsPruned} WAL segment file(s), freed ${formatBytes(result.bytesFreed)}`}
      data-testid="retention-result"
      data-deleted={result.deleted}
    >
      {result.skipped.length + result.failures.length > 0 && (
        <List size="sm">
          {result.skipped.map((item) => (
            <List.Item key={item.id}>
              Left {item.id}: {item.why}
            </List.Item>
          ))}
          {result.failures.map((item) => (
            <List.Item key={item.id}>
              Could not delete {item.id}: {item.message}
            </List.Item>
          ))}
        </List>
      )}
      <Text size="sm">
        Kept {result.kept}. The run is recorded in {result.historyFile}.
      </Text>
    </Alert>
  );
}
