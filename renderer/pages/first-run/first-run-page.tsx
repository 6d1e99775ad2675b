import { Card, Group, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconFlask, IconPlugConnected, IconRipple } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { JobProgress } from '../../components/job-progress';
import { CreateSandboxButton } from './create-sandbox-button';
import { useSandboxCreation } from './use-sandbox-creation';
import { LinkButton } from '../../components/link-button';

/** What a newcomer sees with no connection yet: what Tidemark is, and the two ways to start. */
export function FirstRunPage() {
  const info = useRequest('app.info', {});
  const sandbox = useRequest('sandbox.status', {});
  const creation = useSandboxCreation();

  const disabledReason = info.data?.runningAsRoot
    ? 'Tidemark is running as root, and PostgreSQL refuses to run as root. Start Tidemark as an ordinary user to create a sandbox, or connect to an existing server.'
    : sandbox.data?.state === 'absent' && !sandbox.data.canCreate
      ? (sandbox.data.reason ?? 'A sandbox cannot be created on this computer.')
      : null;

  return (
    <Stack gap="xl" data-testid="first-run">
      <Group gap="md" align="center">
        <ThemeIcon size={56} radius="md" variant="light">
          <IconRipple size={34} />
        </ThemeIcon>
        <Title order={1}>Welcome to Tidemark</Title>
      </Group>
      <Text size="lg" maw={760} lh={1.6} data-testid="first-run-intro">
        Tidemark backs up your PostgreSQL servers, keeps their WAL archive, and restores them to any moment the archive can reach, all from one window. Start
        with a private PostgreSQL to try it safely, or connect to a server you already run.
      </Text>

      {creation.jobId ? (
        <Stack gap="md" maw={980}>
          <Title order={2} size="h3">
            Creating your sandbox PostgreSQL
          </Title>
          <Text c="dimmed">
            {creation.canRetry
              ? 'It did not finish: the log says why, and what it had made was removed. You can try again.'
              : 'This takes a few seconds. The log below shows each step as it happens; when it is done, its page opens.'}
          </Text>
          <JobProgress key={creation.jobId} kind="sandbox.create" jobId={creation.jobId} onFinished={(snapshot) => void creation.onJobFinished(snapshot)} />
          {creation.canRetry && (
            <Group>
              <CreateSandboxButton label="Try again" disabledReason={disabledReason} loading={creation.starting} onClick={creation.start} />
            </Group>
          )}
        </Stack>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" maw={980}>
          <StartChoice
            testId="choice-sandbox"
            icon={<IconFlask size={24} />}
            color="teal"
            title="Create a local sandbox PostgreSQL"
            description="Tidemark creates a PostgreSQL server of its own in its data folder, on a free port, with WAL archiving on and a small sample database. Nothing else on this computer is touched, and you can stop it at any time."
          >
            {disabledReason && (
              <Text size="sm" c="orange.9" data-testid="sandbox-disabled-reason">
                {disabledReason}
              </Text>
            )}
            {creation.startError && <ErrorAlert error={creation.startError} title="Could not start creating the sandbox" />}
            <Group>
              <CreateSandboxButton label="Create the sandbox" disabledReason={disabledReason} loading={creation.starting} onClick={creation.start} />
            </Group>
          </StartChoice>
          <StartChoice
            testId="choice-connect"
            icon={<IconPlugConnected size={24} />}
            color="blue"
            title="Connect to your server"
            description="Give a host and port, a connection URI or a pg_service name. Tidemark tests the connection and shows what the server is ready for (logical and physical backups, point-in-time recovery) before you save it."
          >
            <Group>
              <LinkButton size="md" variant="light" to={{ page: 'new-connection' }} leftSection={<IconPlugConnected size={20} />}>
                Connect to your server
              </LinkButton>
            </Group>
          </StartChoice>
        </SimpleGrid>
      )}
    </Stack>
  );
}

/** One of the two ways to start: what it does, and its button. */
function StartChoice({
  testId,
  icon,
  color,
  title,
  description,
  children,
}: {
  testId: string;
  icon: ReactNode;
  color: string;
  title: string;
  description: string;
  children: ReactNode;
}) {
  return (
    <Card withBorder padding="xl" radius="md" data-testid={testId}>
      <Stack gap="md" h="100%">
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon size={40} radius="md" variant="light" color={color}>
            {icon}
          </ThemeIcon>
          <Title order={2} size="h3">
            {title}
          </Title>
        </Group>
        <Text c="dimmed" lh={1.6} style={{ flex: 1 }}>
          {description}
        </Text>
        {children}
      </Stack>
    </Card>
  );
}
