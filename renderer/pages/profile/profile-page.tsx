import { ClusterWalSection } from '../../components/wal/cluster-wal-section';
import { Alert, Badge, Button, Code, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { IconArchive, IconHeartbeat, IconHistory, IconInfoCircle, IconPencil, IconRefresh, IconTrashX } from '@tabler/icons-react';
import { SnapshotsLinkButton } from '../snapshots/snapshots-link';
import type { ProfileView } from '../../../shared/domain/profile';
import { useRequest } from '../../bridge/use-request';
import { CopyableCommand } from '../../components/copyable-command';
import { CreateRestorePointButton } from '../../components/recovery/create-restore-point-button';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { secretStorageSentence } from '../../components/secret-storage-text';
import { ProfileGate } from '../../components/profile-gate';
import { psqlCommandFor } from '../../components/psql-command';
import { SandboxControls } from '../../components/sandbox-controls';
import { ReadinessPanel } from '../../components/server-report/readiness-panel';
import { ServerFacts } from '../../components/server-report/server-facts';
import { RemoveProfileButton } from './remove-profile-button';
import { LinkButton } from '../../components/link-button';
import { PageSection } from '../../components/page-section';

/** One connection: the live server's facts, what it is ready for, and (for the sandbox) its controls. */
export function ProfilePage({ profileId }: { profileId: string }) {
  return <ProfileGate profileId={profileId}>{(profile) => <ProfileDetails key={profile.id} profile={profile} />}</ProfileGate>;
}

function ProfileDetails({ profile }: { profile: ProfileView }) {
  // Opening the page tests the connection: the facts are only worth showing when they are live.
  const report = useRequest('profiles.test', { id: profile.id });
  const sandbox = useRequest('sandbox.status', {}, { enabled: Boolean(profile.managedClusterId) });
  const sandboxOfThisProfile = sandbox.data && sandbox.data.state !== 'absent' && sandbox.data.profileId === profile.id ? sandbox.data : null;
  const sandboxStopped = sandboxOfThisProfile?.state === 'stopped';

  return (
    <>
      <PageHeader
        title={<span data-testid="profile-name">{profile.name}</span>}
        badge={profile.managedClusterId ? <Badge variant="light">Sandbox</Badge> : undefined}
        description={<Code fz="sm">{profile.summary}</Code>}
        actions={
          <>
            <Button leftSection={<IconRefresh size={16} />} loading={report.isFetching} onClick={() => void report.refetch()} data-testid="test-profile">
              Test connection
            </Button>
            <LinkButton
              variant="light"
              to={{ page: 'new-backup', profileId: profile.id }}
              leftSection={<IconArchive size={16} />}
              data-testid="back-up-profile"
            >
              Back up
            </LinkButton>
            <LinkButton variant="default" to={{ page: 'health', profileId: profile.id }} leftSection={<IconHeartbeat size={16} />} data-testid="health-profile">
              Health
            </LinkButton>
            <LinkButton
              variant="default"
              to={{ page: 'retention', profileId: profile.id }}
              leftSection={<IconTrashX size={16} />}
              data-testid="retention-profile"
            >
              Retention
            </LinkButton>
            <SnapshotsLinkButton profileId={profile.id} />
            <LinkButton variant="default" to={{ page: 'edit-connection', profileId: profile.id }} leftSection={<IconPencil size={16} />}>
              Edit
            </LinkButton>
            {/* A restore point only on a live primary: a standby or a stopped server cannot write one. */}
            {report.data && !report.data.facts.inRecovery && <CreateRestorePointButton profileId={profile.id} />}
            <LinkButton
              variant="default"
              to={{ page: 'recovery', profileId: profile.id }}
              leftSection={<IconHistory size={16} />}
              data-testid="recover-to-point"
            >
              Recover to a point in time
            </LinkButton>
            <RemoveProfileButton profile={profile} />
          </>
        }
      />
      <Stack gap="xl">
        {sandboxOfThisProfile && <SandboxControls sandbox={sandboxOfThisProfile} />}
        {report.isPending && report.isFetching && (
          <Group gap="sm" data-testid="testing-connection">
            <Loader size="sm" />
            <Text>Connecting to {profile.summary}…</Text>
          </Group>
        )}
        {report.error && !report.isFetching && sandboxStopped && (
          <Alert color="blue" icon={<IconInfoCircle />} title="The sandbox is stopped" data-testid="sandbox-stopped-notice">
            Press Start above to run it again; its facts and readiness appear here once it answers.
          </Alert>
        )}
        {report.error && !report.isFetching && !sandboxStopped && <ErrorAlert error={report.error} />}
        {/* After a failed test the previous answer is out of date: show facts only from a test that worked. */}
        {report.data && !report.error && (
          <>
            <section>
              <Group justify="space-between" align="baseline" mb="sm">
                <Title order={2} size="h4">
                  Ready for
                </Title>
                <Text size="sm" c="dimmed" data-testid="tested-at">
                  Tested {new Date(report.dataUpdatedAt).toLocaleTimeString()} · answered in {report.data.elapsedMs} ms
                </Text>
              </Group>
              <ReadinessPanel readiness={report.data.readiness} />
            </section>
            <ClusterWalSection profile={profile} report={report.data} />
            <PageSection title="Server facts">
              <ServerFacts report={report.data} />
            </PageSection>
          </>
        )}
        <PasswordStorage profile={profile} />
        {!sandboxOfThisProfile && (
          <section>
            <CopyableCommand label="Open the same connection in a terminal" command={psqlCommandFor(profile.target)} />
          </section>
        )}
      </Stack>
    </>
  );
}

/** Whether a password is saved, and in which store: the same one the CLI, browser mode and the daemon read. */
function PasswordStorage({ profile }: { profile: ProfileView }) {
  const info = useRequest('app.info', {});
  if (!info.data) return null;
  return (
    <section>
      <Title order={2} size="h4" mb="xs">
        Password
      </Title>
      <Text size="sm" data-testid="password-storage" data-secret-storage={info.data.secretStorage}>
        {profile.passwordSaved
          ? `Saved. ${secretStorageSentence(info.data)}`
          : `Not saved: Tidemark uses ~/.pgpass, PGPASSFILE or PGPASSWORD, as psql does. A password saved in the profile would be ${secretStorageSentence(info.data).replace(/^Kept/, 'kept')}`}
      </Text>
    </section>
  );
}
