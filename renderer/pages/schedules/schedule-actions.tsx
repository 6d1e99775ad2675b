import { Button, Group, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconEdit, IconHistory, IconPlayerPause, IconPlayerPlay, IconRotateClockwise, IconTrash } from '@tabler/icons-react';
import type { RequestName } from '../../../shared/contract';
import { useMutationRequest } from '../../bridge/use-request';
import type { ListedSchedule } from '../../components/schedules/use-schedule-overviews';
import { RemovalConfirmation } from '../../components/removal-confirmation';
import { ErrorAlert } from '../../components/error-alert';
import { LinkButton } from '../../components/link-button';

/** What a change to a schedule makes stale. */
const staleAfterChange: RequestName[] = ['schedules.list', 'schedules.get', 'schedules.history'];

function refOf({ view, repositoryDir }: ListedSchedule) {
  return { name: view.schedule.name, repositoryDir };
}

/** A schedule's buttons: run now, pause or resume, its history, edit, remove. */
export function ScheduleActions({ listed }: { listed: ListedSchedule }) {
  const { schedule } = listed.view;
  const runNow = useMutationRequest('schedules.runNow', {
    invalidates: staleAfterChange,
    onSuccess: (started) =>
      notifications.show({
        color: 'blue',
        title: started.queuedForOwner ? 'Asked the runner' : `${started.name} is running`,
        message: started.queuedForOwner
          ? `The process that runs the schedules starts ${started.name} at its next look, within 30 s.`
          : 'Its progress and result appear here and in its history.',
      }),
  });
  const pause = useMutationRequest('schedules.pause', { invalidates: staleAfterChange });
  const resume = useMutationRequest('schedules.resume', { invalidates: staleAfterChange });
  const toggle = schedule.paused ? resume : pause;
  const error = runNow.error ?? pause.error ?? resume.error;

  return (
    <Stack gap="xs" align="flex-end">
      <Group gap="xs" justify="flex-end">
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlayerPlay size={14} />}
          disabled={listed.view.running}
          loading={runNow.isPending}
          onClick={() => runNow.mutate(refOf(listed))}
          data-testid="schedule-run-now"
        >
          Run now
        </Button>
        <Button
          size="xs"
          variant="default"
          leftSection={schedule.paused ? <IconRotateClockwise size={14} /> : <IconPlayerPause size={14} />}
          loading={toggle.isPending}
          onClick={() => toggle.mutate(refOf(listed))}
          data-testid={schedule.paused ? 'schedule-resume' : 'schedule-pause'}
        >
          {schedule.paused ? 'Resume' : 'Pause'}
        </Button>
        {[
          { label: 'History', to: { page: 'schedules', history: refOf(listed) } as const, Icon: IconHistory, testId: 'schedule-history' },
          { label: 'Edit', to: { page: 'edit-schedule', schedule: refOf(listed) } as const, Icon: IconEdit, testId: 'schedule-edit' },
        ].map(({ label, to, Icon, testId }) => (
          <LinkButton key={label} size="xs" variant="default" to={to} leftSection={<Icon size={14} />} data-testid={testId}>
            {label}
          </LinkButton>
        ))}
        <RemoveScheduleButton listed={listed} />
      </Group>
      {Boolean(error) && <ErrorAlert error={error} />}
    </Stack>
  );
}

/** Removing a schedule stops its runs; its backups stay. Confirmed first. */
function RemoveScheduleButton({ listed }: { listed: ListedSchedule }) {
  const [opened, { open, close }] = useDisclosure(false);
  const name = listed.view.schedule.name;
  const remove = useMutationRequest('schedules.remove', {
    invalidates: staleAfterChange,
    onSuccess: () => {
      close();
      notifications.show({ color: 'teal', message: `Removed the schedule “${name}”. Its backups are kept.` });
    },
  });
  return (
    <>
      <Button size="xs" variant="default" color="red" leftSection={<IconTrash size={14} />} onClick={open} data-testid="schedule-remove">
        Remove
      </Button>
      <RemovalConfirmation
        opened={opened}
        onClose={close}
        title={`Remove the schedule “${name}”?`}
        onRemove={() => remove.mutate(refOf(listed))}
        removing={remove.isPending}
        error={remove.error}
        confirmTestId="confirm-remove-schedule"
      >
        It stops running{listed.view.running ? ' after the run in progress' : ''}, and its history of runs goes with it. The backups it made stay in the
        repository, with their own history.
      </RemovalConfirmation>
    </>
  );
}
