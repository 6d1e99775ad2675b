import { Badge, Button, Code, Group, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { IconPlayerPlay, IconPlayerStop } from '@tabler/icons-react';
import { sandboxSuperuser, type SandboxStatus } from '../../shared/domain/sandbox';
import { useMutationRequest } from '../bridge/use-request';
import { CopyableCommand } from './copyable-command';
import { ErrorAlert } from './error-alert';
import { shellQuote } from './psql-command';

type ExistingSandbox = Exclude<SandboxStatus, { state: 'absent' }>;

/** Start, stop, and whether the sandbox outlives the app. */
export function SandboxControls({ sandbox }: { sandbox: ExistingSandbox }) {
  const refreshes = { invalidates: ['sandbox.status', 'profiles.test'] as const };
  const start = useMutationRequest('sandbox.start', { invalidates: [...refreshes.invalidates] });
  const stop = useMutationRequest('sandbox.stop', { invalidates: [...refreshes.invalidates] });
  const keepRunning = useMutationRequest('sandbox.setKeepRunning', { invalidates: ['sandbox.status'] });
  const running = sandbox.state === 'running';
  const error = start.error ?? stop.error ?? keepRunning.error;

  return (
    <Paper withBorder p="lg" radius="md" data-testid="sandbox-controls" data-sandbox-state={sandbox.state}>
      <Stack gap="md">
        <Group justify="space-between">
          <Group gap="sm">
            <Title order={4}>Local sandbox</Title>
            <Badge color={running ? 'teal' : 'gray'} variant="light" data-testid="sandbox-state">
              {running ? 'Running' : 'Stopped'}
            </Badge>
          </Group>
          {running ? (
            <Button variant="default" leftSection={<IconPlayerStop size={16} />} loading={stop.isPending} onClick={() => stop.mutate({})}>
              Stop
            </Button>
          ) : (
            <Button leftSection={<IconPlayerPlay size={16} />} loading={start.isPending} onClick={() => start.mutate({})}>
              Start
            </Button>
          )}
        </Group>
        <Text size="sm" c="dimmed">
          PostgreSQL {sandbox.majorVersion} on port {sandbox.port}, run by Tidemark as you. Data in <Code>{sandbox.dataDir}</Code>, WAL archived to{' '}
          <Code>{sandbox.archiveDir}</Code>.
        </Text>
        {sandbox.portChange && (
          <Text size="sm" c="orange.9" data-testid="sandbox-port-change">
            Port {sandbox.portChange.from} was taken by another program, so the sandbox now listens on {sandbox.portChange.to}.
          </Text>
        )}
        <CopyableCommand
          label="Open it in a terminal"
          command={`PGPASSFILE=${shellQuote(sandbox.pgpassFile)} psql -h 127.0.0.1 -p ${sandbox.port} -U ${sandboxSuperuser} ${shellQuote(sandbox.sampleDatabase)}`}
        />
        <Switch
          checked={sandbox.keepRunning}
          disabled={keepRunning.isPending}
          onChange={(event) => keepRunning.mutate({ keepRunning: event.currentTarget.checked })}
          label="Keep running when Tidemark quits"
          description="Off: Tidemark stops the sandbox when you quit it, and you start it again here. On: it stays up for other programs too."
          data-testid="sandbox-keep-running"
        />
        {error && <ErrorAlert error={error} />}
      </Stack>
    </Paper>
  );
}
