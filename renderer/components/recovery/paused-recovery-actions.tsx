import { Button, Checkbox, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconArrowForward, IconPlayerPlay } from '@tabler/icons-react';
import { useState } from 'react';
import { useMutationRequest, useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../error-alert';
import { RecoveryTargetEditor } from './recovery-target-editor';
import { emptyTargetDraft, readTarget, type TargetDraft } from './target-draft';

/**
 * A recovery paused at its target: promote it as it is, or move the target later and replay on
 * (the WAL replayed so far is kept). Each starts a job; `onJobStarted` follows it.
 */
export function PausedRecoveryActions({
  clusterId,
  systemIdentifier,
  timeZone,
  onJobStarted,
}: {
  clusterId: string;
  systemIdentifier: string;
  timeZone: string;
  onJobStarted: (jobId: string, what: 'promote' | 'retarget') => void;
}) {
  const [target, setTarget] = useState<TargetDraft>(() => emptyTargetDraft(timeZone));
  const [promoteWhenReached, setPromoteWhenReached] = useState(false);
  const window = useRequest('wal.window', { systemIdentifier });
  const resume = useMutationRequest('pitr.resume', { onSuccess: ({ jobId }) => onJobStarted(jobId, 'promote') });
  const retarget = useMutationRequest('pitr.retarget', { onSuccess: ({ jobId }) => onJobStarted(jobId, 'retarget') });
  const reading = readTarget(target);

  return (
    <Paper withBorder radius="md" p="lg" data-testid="paused-actions">
      <Stack gap="lg">
        <Stack gap="xs">
          <Title order={3} size="h4">
            Promote it as it is
          </Title>
          <Text size="sm">
            Ends recovery here: the cluster becomes a read-write server on a new timeline. Do it once the data you looked at is what you want.
          </Text>
          <Group>
            <Button leftSection={<IconPlayerPlay size={16} />} loading={resume.isPending} onClick={() => resume.mutate({ clusterId })} data-testid="promote">
              Promote
            </Button>
          </Group>
          {resume.error && <ErrorAlert error={resume.error} />}
        </Stack>
        <Stack gap="xs">
          <Title order={3} size="h4">
            Or move the target later and resume
          </Title>
          <Text size="sm">
            Replay continues from where it paused to the new target: nothing is extracted or replayed again. A target earlier than where it paused cannot be
            reached this way: recover again from the base backup for that.
          </Text>
          <RecoveryTargetEditor
            draft={target}
            onChange={setTarget}
            window={window.data ?? null}
            serverZone={timeZone}
            kindsOffered={['time', 'lsn', 'xid', 'name', 'latest']}
          />
          <Checkbox
            checked={promoteWhenReached}
            onChange={(event) => setPromoteWhenReached(event.currentTarget.checked)}
            label="Promote when the new target is reached (otherwise it pauses there again)"
          />
          <Group>
            <Button
              variant="light"
              leftSection={<IconArrowForward size={16} />}
              disabled={reading.state !== 'ready'}
              loading={retarget.isPending}
              onClick={() =>
                reading.state === 'ready' && retarget.mutate({ clusterId, target: reading.target, inclusive: reading.inclusive, promote: promoteWhenReached })
              }
              data-testid="retarget"
            >
              Resume to the new target
            </Button>
          </Group>
          {retarget.error && <ErrorAlert error={retarget.error} />}
        </Stack>
      </Stack>
    </Paper>
  );
}
