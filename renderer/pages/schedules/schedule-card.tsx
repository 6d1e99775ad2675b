import { Alert, Badge, Code, Group, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconClockExclamation } from '@tabler/icons-react';
import { formatDurationSeconds } from '../../../shared/format/duration';
import { AttentionCard } from '../../components/attention-card';
import { formatAge, formatTimeUntil } from '../../components/backups/units';
import { Fact } from '../../components/fact';
import { describeRun } from '../../components/schedules/run-description';
import type { ListedSchedule } from '../../components/schedules/use-schedule-overviews';
import { ScheduleActions } from './schedule-actions';
import { describeScheduledBackup } from './schedule-text';
import { describeCron } from './schedule-timing';

/** One schedule: what, when, its next run and last result, what is wrong with it, and its actions. */
export function ScheduleCard({ listed, nowMs }: { listed: ListedSchedule; nowMs: number }) {
  const { view } = listed;
  const { schedule } = view;
  const zone = schedule.timing.timeZone;
  const last = view.lastRun ? describeRun(view.lastRun, zone) : null;
  const words = describeCron(schedule.timing.cron);

  return (
    <AttentionCard alarm={view.overdue.overdue} testId="schedule-card" name={schedule.name}>
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Group gap="xs">
              <Text fw={700} size="lg">
                {schedule.name}
              </Text>
              <Badge variant="light" color="gray">
                {schedule.backup.kind}
              </Badge>
              {schedule.paused && (
                <Badge color="gray" data-testid="schedule-paused">
                  Paused
                </Badge>
              )}
              {view.running && (
                <Badge color="blue" leftSection={<Loader size={10} color="white" />} data-testid="schedule-running">
                  Running
                </Badge>
              )}
              {view.overdue.overdue && (
                <Badge color="red" data-testid="schedule-overdue-badge">
                  Overdue
                </Badge>
              )}
            </Group>
            <Text size="sm" c="dimmed">
              {schedule.profileName}: {describeScheduledBackup(schedule.backup)}
            </Text>
          </Stack>
          <ScheduleActions listed={listed} />
        </Group>

        <SimpleGrid cols={3} spacing="lg">
          <Fact label="When" testId="schedule-when">
            <Text size="sm">{words ?? 'Cron expression'}</Text>
            <Text size="xs" c="dimmed">
              <Code>{schedule.timing.cron}</Code> in {zone}
            </Text>
          </Fact>
          <Fact label="Next run" testId="schedule-next">
            {view.next ? (
              <>
                <Text size="sm" ff="monospace">
                  {view.next.local}
                </Text>
                <Text size="xs" c="dimmed">
                  {zone}, {formatTimeUntil(view.next.at, nowMs)}
                </Text>
              </>
            ) : (
              <Text size="sm" c="dimmed">
                {schedule.paused ? 'None while paused' : 'None: the expression matches no coming date'}
              </Text>
            )}
          </Fact>
          <Fact label="Last result" testId="schedule-last">
            {last ? (
              <>
                <Group gap={6}>
                  <Badge color={last.color} variant="light" data-testid="schedule-last-status" data-status={last.tone}>
                    {last.label}
                  </Badge>
                </Group>
                <Text size="xs" c={last.tone === 'failed' ? 'red.8' : 'dimmed'} lineClamp={3}>
                  {last.text}
                </Text>
              </>
            ) : (
              <Text size="sm" c="dimmed">
                Not run yet
              </Text>
            )}
          </Fact>
        </SimpleGrid>

        {view.overdue.overdue && (
          <Alert color="red" variant="light" icon={<IconClockExclamation />} title="Overdue" data-testid="schedule-overdue">
            {view.overdue.lastSuccessAt
              ? `No successful run since ${new Date(view.overdue.lastSuccessAt).toLocaleString()} (${formatAge(view.overdue.lastSuccessAt, nowMs)})`
              : 'No successful run since it was saved'}
            ; one is expected at least every {formatDurationSeconds(view.overdue.thresholdHours * 3600)}.
          </Alert>
        )}
        {view.problem && (
          <Alert color="yellow" variant="light" icon={<IconAlertTriangle />} title="It cannot run as it is" data-testid="schedule-problem">
            {view.problem}
          </Alert>
        )}
        {view.dstWarnings.length > 0 && (
          <Alert color="yellow" variant="outline" icon={<IconAlertTriangle />} title="Daylight saving moves a run soon" data-testid="schedule-dst">
            <Stack gap={2}>
              {view.dstWarnings.map((warning) => (
                <Text key={`${warning.date}-${warning.kind}`} size="sm">
                  {warning.message}
                </Text>
              ))}
            </Stack>
          </Alert>
        )}
      </Stack>
    </AttentionCard>
  );
}
