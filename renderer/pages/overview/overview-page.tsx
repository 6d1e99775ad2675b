import { Badge, Group, Loader, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import type { JobState } from '../../../shared/domain/job';
import type { ProfileView } from '../../../shared/domain/profile';
import { useRequest } from '../../bridge/use-request';
import { useNow } from '../../components/backups/use-now';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { SandboxControls } from '../../components/sandbox-controls';
import { useScheduleOverviews } from '../../components/schedules/use-schedule-overviews';
import { FirstRunPage } from '../first-run/first-run-page';
import { LinkButton } from '../../components/link-button';
import { profileHealth } from './profile-health';
import { ProfileHealthCard } from './profile-health-card';
import { PageSection } from '../../components/page-section';

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
        description="Your PostgreSQL servers: when each was last backed up, when the next scheduled backup runs, and what needs attention."
        actions={
          <LinkButton to={{ page: 'new-connection' }} variant="light" leftSection={<IconPlus size={18} />}>
            Add a connection
          </LinkButton>
        }
      />
      <Stack gap="xl">
        <PageSection title="Connections">
          <ConnectionHealth profiles={profiles.data} />
        </PageSection>
        <SandboxSection />
        <RecentJobs />
      </Stack>
    </>
  );
}

/** Each connection's last successful backup, next scheduled run and open problems (from the backup history and the schedules). */
function ConnectionHealth({ profiles }: { profiles: ProfileView[] }) {
  const backups = useRequest('backups.list', {}, { refetchInterval: 15_000 });
  const schedules = useScheduleOverviews(profiles, 15_000);
  const now = useNow(30_000);
  const ready = backups.data !== undefined && !schedules.isPending;
  return (
    <Stack gap="sm">
      {backups.error && <ErrorAlert error={backups.error} title="Cannot read the backup history" />}
      {Boolean(schedules.error) && <ErrorAlert error={schedules.error} title="Cannot read the schedules" />}
      <SimpleGrid cols={{ base: 1, md: 2, xl: 3 }} spacing="md">
        {profiles.map((profile) => (
          <ProfileHealthCard
            key={profile.id}
            profile={profile}
            health={ready ? profileHealth(profile.id, backups.data.backups, schedules.schedules, now) : null}
            nowMs={now}
          />
        ))}
      </SimpleGrid>
    </Stack>
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
    <PageSection title="Recent jobs">
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
    </PageSection>
  );
}
