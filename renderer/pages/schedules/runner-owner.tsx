import { Alert, Code, Text } from '@mantine/core';
import { IconAlertTriangle, IconClockPlay, IconPlayerPause } from '@tabler/icons-react';
import type { SchedulesOverview } from '../../../shared/contract/schedules';
import { formatAge } from '../../components/backups/units';
import { useNow } from '../../components/backups/use-now';
import { runnerStatus } from './schedule-text';

/** Which process runs a repository's schedules (one at a time holds its lease), or why none does. */
export function RunnerOwner({ overview, showRepository }: { overview: SchedulesOverview; showRepository: boolean }) {
  const now = useNow(10_000);
  const status = runnerStatus(overview.owner);
  const repository = showRepository && (
    <Text size="xs" c="dimmed" mt={4}>
      Repository <Code>{overview.repositoryDir}</Code>
    </Text>
  );
  const look =
    status.state === 'running'
      ? {
          color: 'teal',
          icon: <IconClockPlay />,
          title: status.thisProcess ? "This window's process runs the schedules" : 'Another process runs the schedules',
        }
      : status.state === 'stale'
        ? { color: 'orange', icon: <IconAlertTriangle />, title: 'The process that ran the schedules is gone' }
        : { color: 'gray', icon: <IconPlayerPause />, title: 'Nothing runs the schedules' };
  return (
    <Alert
      color={look.color}
      variant="light"
      icon={look.icon}
      title={look.title}
      data-testid="runner-owner"
      data-state={status.state}
      data-this-process={status.state === 'running' ? String(status.thisProcess) : undefined}
    >
      <Text size="sm">{status.text}</Text>
      {overview.owner && status.state === 'running' && (
        <Text size="xs" c="dimmed" mt={4}>
          Since {new Date(overview.owner.startedAt).toLocaleString()} · last heartbeat {formatAge(overview.owner.heartbeatAt, now)}
        </Text>
      )}
      {repository}
    </Alert>
  );
}
