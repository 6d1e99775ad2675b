import { Badge, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { IconAdjustments } from '@tabler/icons-react';
import { useState } from 'react';
import type { HealthSnapshot } from '../../../shared/domain/health';
import type { ProfileView } from '../../../shared/domain/profile';
import { navigate } from '../../app/routes';
import { useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { ProfileSelect } from '../../components/profile-select';
import { ProfileMention, ProfileSubpage } from '../../components/profile-subpage';
import { ActivityPanel } from './activity-panel';
import { LocksPanel } from './locks-panel';
import { StateBadge } from './panel-frame';
import { SafetyPanel } from './safety-panel';
import { ServerDownBanner } from './server-down-banner';
import { StatementsPanel } from './statements-panel';
import { StoragePanel } from './storage-panel';
import { ThresholdsDrawer } from './thresholds-drawer';
import { ThroughputPanel } from './throughput-panel';
import { useHealthWatch } from './use-health-watch';

/** Health: one profile's dashboard, or (from the navigation) the choice of a profile. */
export function HealthPage({ profileId }: { profileId: string | null }) {
  if (profileId) {
    return (
      <ProfileSubpage
        profileId={profileId}
        title="Health"
        description={(profile) => (
          <>
            Live activity, locks, throughput, storage and safety of <ProfileMention profile={profile} />. It polls only while this page is shown.
          </>
        )}
      >
        {(profile) => <HealthDashboard profile={profile} />}
      </ProfileSubpage>
    );
  }
  return <HealthProfileChoice />;
}

function HealthProfileChoice() {
  const profiles = useRequest('profiles.list', {});
  return (
    <>
      <PageHeader title="Health" description="A live view of a server: pick the connection to watch." />
      {profiles.error ? <ErrorAlert error={profiles.error} title="Cannot read the connection profiles" /> : null}
      {profiles.data && (
        <ProfileSelect
          profiles={profiles.data}
          value={null}
          onChange={(profile) => profile && navigate({ page: 'health', profileId: profile.id })}
          testId="health-profile-select"
        />
      )}
    </>
  );
}

function PollStateBadge({ snapshot }: { snapshot: HealthSnapshot }) {
  const { poll } = snapshot;
  const text =
    poll.kind === 'watching'
      ? `live · every ${poll.intervalMs / 1000} s`
      : poll.kind === 'background'
        ? 'background checks only'
        : poll.kind === 'down'
          ? 'server down'
          : 'not polling';
  return (
    <Badge variant="light" color={poll.kind === 'watching' ? 'blue' : poll.kind === 'down' ? 'red' : 'gray'} data-testid="poll-state" data-kind={poll.kind}>
      {text}
    </Badge>
  );
}

function HealthDashboard({ profile }: { profile: ProfileView }) {
  const { snapshot, points, error } = useHealthWatch(profile.id);
  const [thresholdsOpen, setThresholdsOpen] = useState(false);

  return (
    <Stack gap="lg" data-testid="health-dashboard">
      <Group justify="space-between">
        <Group gap="sm">
          {snapshot && <StateBadge state={snapshot.state} testId="health-state" />}
          {snapshot && <PollStateBadge snapshot={snapshot} />}
          {snapshot?.server && (
            <Text size="xs" c="dimmed">
              PostgreSQL {snapshot.server.version} · as {snapshot.server.role}
              {snapshot.server.superuser ? ' (superuser)' : snapshot.server.pgMonitor ? ' (pg_monitor)' : ' (without pg_monitor: some panels are partial)'}
            </Text>
          )}
          {snapshot?.sampledAt && (
            <Text size="xs" c="dimmed" data-testid="sampled-at">
              sampled {new Date(snapshot.sampledAt).toLocaleTimeString()}
              {snapshot.tickServerMs !== null ? ` · tick ${snapshot.tickServerMs.toFixed(1)} ms at the server` : ''}
            </Text>
          )}
        </Group>
        <Button variant="default" size="sm" leftSection={<IconAdjustments size={16} />} onClick={() => setThresholdsOpen(true)} data-testid="open-thresholds">
          Thresholds
        </Button>
      </Group>
      {error && <ErrorAlert error={error} title="The dashboard cannot watch this server" />}
      {snapshot?.poll.kind === 'down' && <ServerDownBanner down={snapshot.poll} />}
      {!snapshot && !error && (
        <Group gap="sm">
          <Loader size="sm" />
          <Text>Connecting to {profile.summary}…</Text>
        </Group>
      )}
      {snapshot && (
        <>
          <ActivityPanel profileId={profile.id} panel={snapshot.panels.activity} />
          <LocksPanel profileId={profile.id} panel={snapshot.panels.locks} />
          <ThroughputPanel profileId={profile.id} panel={snapshot.panels.throughput} points={points} />
          <SafetyPanel panel={snapshot.panels.safety} />
          <StoragePanel profileId={profile.id} panel={snapshot.panels.storage} />
          {snapshot.panels.statements && <StatementsPanel panel={snapshot.panels.statements} />}
        </>
      )}
      <ThresholdsDrawer profileId={profile.id} opened={thresholdsOpen} onClose={() => setThresholdsOpen(false)} />
    </Stack>
  );
}
