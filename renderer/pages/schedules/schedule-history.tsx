import { Anchor, Badge, Group, Loader, Paper, Stack, Text } from '@mantine/core';
import type { ScheduleRun } from '../../../shared/domain/schedule';
import { hrefFor, type ScheduleRef } from '../../app/routes';
import { useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { describeRun, scheduleTime, triggerText } from '../../components/schedules/run-description';
import { SideDrawer } from '../../components/side-drawer';

/** The drawer beside the Schedules page: one schedule's runs and missed slots, newest first. */
export function ScheduleHistoryDrawer({ scheduleRef, timeZone, onClose }: { scheduleRef: ScheduleRef | null; timeZone: string | null; onClose(): void }) {
  return (
    <SideDrawer
      opened={scheduleRef !== null}
      onClose={onClose}
      size={640}
      closeLabel="Close the history"
      title={scheduleRef ? `History of ${scheduleRef.name}` : 'History'}
      testId="schedule-history-drawer"
    >
      {scheduleRef && <ScheduleHistory key={`${scheduleRef.repositoryDir ?? ''}/${scheduleRef.name}`} scheduleRef={scheduleRef} timeZone={timeZone} />}
    </SideDrawer>
  );
}

function ScheduleHistory({ scheduleRef, timeZone }: { scheduleRef: ScheduleRef; timeZone: string | null }) {
  // Polled: a run in progress ends by itself, and the runner records missed slots as it finds them.
  const history = useRequest('schedules.history', { ...scheduleRef, limit: 200 }, { refetchInterval: 3000 });
  if (history.isPending) return <Loader />;
  if (history.error) return <ErrorAlert error={history.error} title="Cannot read the schedule's history" />;
  const zone = timeZone ?? 'UTC';
  if (history.data.runs.length === 0) {
    return (
      <Text c="dimmed" data-testid="schedule-history-empty">
        {history.data.name} has not run yet. Its runs appear here, newest first, with the slots that did not run and why.
      </Text>
    );
  }
  return (
    <Stack gap="sm" data-testid="schedule-history">
      <Text size="sm" c="dimmed">
        Newest first; times as a clock in {zone} reads them.
      </Text>
      {history.data.runs.map((run) => (
        <RunEntry key={run.id} run={run} timeZone={zone} />
      ))}
    </Stack>
  );
}

function RunEntry({ run, timeZone }: { run: ScheduleRun; timeZone: string }) {
  const description = describeRun(run, timeZone);
  return (
    <Paper
      withBorder
      radius="md"
      p="sm"
      data-testid="schedule-run"
      data-status={run.status}
      data-interrupted={run.status === 'failed' ? String(run.interrupted) : undefined}
      style={run.status === 'missed' ? { borderStyle: 'dashed' } : undefined}
    >
      <Stack gap={4}>
        <Group justify="space-between" gap="sm">
          <Group gap="xs">
            <Badge color={description.color} variant={run.status === 'failed' ? 'filled' : 'light'} data-testid="schedule-run-status">
              {description.label}
            </Badge>
            <Text size="sm" ff="monospace">
              {scheduleTime(run.slot, timeZone)}
            </Text>
          </Group>
          {/* A success or a run in progress says why it started in its sentence; a failure's sentence is its error. */}
          {run.status === 'failed' && (run.trigger !== 'slot' || run.attempt > 1) && (
            <Badge size="sm" variant="outline" color="gray" data-testid="schedule-run-trigger">
              {triggerText(run.trigger, run.attempt)}
            </Badge>
          )}
        </Group>
        <Text size="sm" c={run.status === 'failed' ? 'red.8' : undefined} data-testid="schedule-run-text">
          {description.text}
        </Text>
        {run.status === 'failed' && run.error.hint && (
          <Text size="sm" fw={600}>
            {run.error.hint}
          </Text>
        )}
        {run.status === 'succeeded' && run.backupIds.length > 0 && (
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {run.backupIds.length === 1 ? 'Backup:' : 'Backups:'}
            </Text>
            {run.backupIds.map((id) => (
              <Anchor key={id} href={hrefFor({ page: 'backups', backupId: id })} size="sm" ff="monospace" data-testid="schedule-run-backup">
                {id}
              </Anchor>
            ))}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
