import { Badge, Card, Code, Group, Loader, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { JobState } from '../../../shared/domain/job';
import { hrefFor } from '../../app/routes';
import { useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { SandboxControls } from '../../components/sandbox-controls';
import { FirstRunPage } from '../first-run/first-run-page';
import { LinkButton } from '../../components/link-button';

const jobStatusColor: Record<JobState['status'], string> = { queued: 'gray', running: 'blue', succeeded: 'teal', failed: 'red', cancelled: 'orange' };

/** The start page: the welcome while there is no connection, else the servers and recent jobs. */
export function OverviewPage() {
  const profiles = useRequest('profiles.list', {});
  if (profiles.isPending) return <Loader />;
  if (profiles.error) return <ErrorAlert error={profiles.error} title="Cannot read the connection profiles" />;
  if (profiles.data.length === 0) return <FirstRunPage />;

  return (
    <>
      <PageHeader
        title="Overview"
        description="Your PostgreSQL servers and what Tidemark has been doing."
        actions={
          <LinkButton to={{ page: 'new-connection' }} variant="light" leftSection={<IconPlus size={18} />}>
            Add a connection
          </LinkButton>
        }
      />
      <Stack gap="xl">
        <section>
          <Title order={2} size="h4" mb="sm">
            Connections
          </Title>
          <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="md">
            {profiles.data.map((profile) => (
              <Card key={profile.id} withBorder radius="md" padding="lg" component="a" href={hrefFor({ page: 'connection', profileId: profile.id })}>
                <Group gap="xs" mb={6}>
                  <Text fw={650}>{profile.name}</Text>
                  {profile.managedClusterId && (
                    <Badge size="sm" variant="light">
                      Sandbox
                    </Badge>
                  )}
                </Group>
                <Code>{profile.summary}</Code>
              </Card>
            ))}
          </SimpleGrid>
        </section>
        <SandboxSection />
        <RecentJobs />
      </Stack>
    </>
  );
}

function SandboxSection() {
  const sandbox = useRequest('sandbox.status', {});
  if (!sandbox.data || sandbox.data.state === 'absent') return null;
  return (
    <section>
      <SandboxControls sandbox={sandbox.data} />
    </section>
  );
}

function RecentJobs() {
  const jobs = useRequest('jobs.list', {}, { refetchInterval: 5000 });
  return (
    <section>
      <Title order={2} size="h4" mb="sm">
        Recent jobs
      </Title>
      {jobs.error && <ErrorAlert error={jobs.error} />}
      {jobs.data?.length === 0 && <Text c="dimmed">No jobs since Tidemark started. Backups, restores and sandbox creation appear here while they run.</Text>}
      {jobs.data && jobs.data.length > 0 && (
        <Paper withBorder radius="md" p="xs">
          <Stack gap={0}>
            {jobs.data.slice(0, 8).map((job) => (
              <Group key={job.id} justify="space-between" px="sm" py={8}>
                <Text size="sm">{job.title}</Text>
                <Group gap="sm">
                  <Text size="xs" c="dimmed">
                    {new Date(job.createdAt).toLocaleString()}
                  </Text>
                  <Badge size="sm" variant="light" color={jobStatusColor[job.state.status]}>
                    {job.state.status}
                  </Badge>
                </Group>
              </Group>
            ))}
          </Stack>
        </Paper>
      )}
    </section>
  );
}
