import { Alert, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconPlayerPause } from '@tabler/icons-react';
import type { ErrorPayload } from '../../../shared/domain/errors';
import { recoveryProblemFromError, type DescribedEndState, type RecoveryEndState } from '../../../shared/domain/pitr';
import { ErrorAlert } from '../error-alert';

// The message and the next step come from the services (the CLI prints the same); the title names the state.
const titles: Record<RecoveryEndState['kind'], string> = {
  promoted: 'Recovered and promoted',
  paused: 'Paused at the target, read-only, for inspection',
  'target-before-backup-end': "The target is not after the base backup's end",
  'archive-ends-before-target': 'The archive ends before the target',
  'missing-segment': 'A WAL segment is missing from the archive',
  'timeline-lacks-target': 'That timeline does not lead to the target',
  'destination-not-empty': 'The destination folder is not empty',
  'port-in-use': 'The port is already in use',
  'backup-failed-verification': 'The base backup failed verification',
  'no-usable-backup': 'No base backup can serve this target',
  failed: 'Recovery failed',
};

/** An end state with its own title, the services' message, and what to do next. */
export function EndStateAlert({ end }: { end: DescribedEndState }) {
  const kind = end.state.kind;
  const good = kind === 'promoted' || kind === 'paused';
  return (
    <Alert
      color={kind === 'promoted' ? 'teal' : kind === 'paused' ? 'blue' : 'red'}
      variant="light"
      icon={kind === 'promoted' ? <IconCircleCheck /> : kind === 'paused' ? <IconPlayerPause /> : <IconAlertTriangle />}
      title={titles[kind]}
      data-testid="end-state"
      data-end-state={kind}
    >
      <Stack gap={6}>
        <Text size="sm">{end.message}</Text>
        <Text size="sm" fw={600} data-testid="end-state-next-step">
          {end.nextStep}
        </Text>
        {!good && (
          <Text size="xs" c="dimmed">
            Nothing in the source cluster or in the repository was changed.
          </Text>
        )}
      </Stack>
    </Alert>
  );
}

/** A refused start or a failed recovery job: its end state when it carries one, else the plain error. */
export function RecoveryErrorAlert({ error }: { error: ErrorPayload }) {
  const problem = recoveryProblemFromError(error);
  if (!problem) return <ErrorAlert error={error} />;
  return <EndStateAlert end={{ state: problem, message: error.message, nextStep: error.hint ?? '' }} />;
}
