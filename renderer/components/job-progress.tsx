import { Badge, Button, Group, Loader, Paper, Progress, Stack, Text, Title } from '@mantine/core';
import { IconPlayerStop } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import type { JobKind, JobSnapshotOf } from '../../shared/contract/jobs';
import { isFinished, type JobSnapshot, type JobState } from '../../shared/domain/job';
import { useJob } from '../bridge/use-job';
import { useMutationRequest } from '../bridge/use-request';
import { ErrorAlert } from './error-alert';
import { JobLog } from './job-log';

const statusBadge: Record<JobState['status'], { color: string; label: string }> = {
  queued: { color: 'gray', label: 'Queued' },
  running: { color: 'blue', label: 'Running' },
  succeeded: { color: 'teal', label: 'Done' },
  failed: { color: 'red', label: 'Failed' },
  cancelled: { color: 'orange', label: 'Cancelled' },
};

/**
 * A long job as it happens: its step, a progress bar (striped while the end cannot be estimated),
 * the live log, and Cancel. `onFinished` runs once when the job ends, however it ends, with the
 * snapshot typed by the job's kind.
 */
export function JobProgress<K extends JobKind>({
  kind,
  jobId,
  onFinished,
}: {
  kind: K | readonly K[];
  jobId: string;
  onFinished?: (snapshot: JobSnapshotOf<K>) => void;
}) {
  const job = useJob(kind, jobId);
  const cancel = useMutationRequest('jobs.cancel');
  const snapshot = job.snapshot;
  const status = snapshot?.state.status;
  const finished = snapshot ? isFinished(snapshot.state) : false;

  useEffect(() => {
    if (snapshot && finished) onFinished?.(snapshot);
    // Only the moment it finishes matters, not later re-renders with a new callback.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [finished, snapshot?.id]);

  if (job.error) return <ErrorAlert error={job.error} title="Cannot follow this job" />;
  if (!snapshot) {
    return (
      <Group gap="sm">
        <Loader size="sm" />
        <Text>Starting…</Text>
      </Group>
    );
  }
  const { state } = snapshot;
  const progress = state.status === 'running' ? state.progress : null;
  const badge = statusBadge[state.status];

  return (
    <Paper withBorder p="lg" radius="md" data-testid="job-progress" data-job-status={status}>
      <Stack gap="md">
        {/* A long title (a restore names its backup and target) wraps beside Cancel, never pushes it onto a line of its own. */}
        <Group justify="space-between" align="center" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            {!finished && <Loader size="sm" style={{ flexShrink: 0 }} />}
            <Title order={4}>{snapshot.title}</Title>
            <Badge color={badge.color} variant="light" data-testid="job-status" style={{ flexShrink: 0 }}>
              {badge.label}
            </Badge>
          </Group>
          <Group gap="sm" wrap="nowrap" style={{ flexShrink: 0 }}>
            <Elapsed snapshot={snapshot} />
            {!finished && (
              <Button variant="default" leftSection={<IconPlayerStop size={16} />} loading={cancel.isPending} onClick={() => cancel.mutate({ jobId })}>
                Cancel
              </Button>
            )}
          </Group>
        </Group>
        {!finished && (
          <Stack gap={6}>
            <Progress
              value={progress?.fraction !== undefined ? progress.fraction * 100 : 100}
              striped={progress?.fraction === undefined}
              animated={progress?.fraction === undefined}
              size="lg"
              aria-label="Progress"
            />
            <Text size="sm" data-testid="job-phase">
              <strong>{progress?.phase ?? 'queued'}</strong>
              {progress?.message ? ` — ${progress.message}` : ''}
            </Text>
          </Stack>
        )}
        {state.status === 'failed' && <ErrorAlert error={state.error} />}
        {state.status === 'cancelled' && <Text c="orange.8">The job was cancelled before it finished.</Text>}
        {cancel.error && <ErrorAlert error={cancel.error} title="Could not cancel" />}
        <JobLog lines={job.logs} />
      </Stack>
    </Paper>
  );
}

function Elapsed({ snapshot }: { snapshot: JobSnapshot }) {
  const [now, setNow] = useState(() => Date.now());
  const finished = isFinished(snapshot.state);
  useEffect(() => {
    if (finished) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [finished]);
  const started = Date.parse(snapshot.startedAt ?? snapshot.createdAt);
  const ended = snapshot.endedAt ? Date.parse(snapshot.endedAt) : Math.max(now, started);
  const seconds = Math.max(0, Math.round((ended - started) / 1000));
  return (
    <Text size="sm" c="dimmed">
      {seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`}
    </Text>
  );
}
