import { Alert, Group, Stack, Text, Title } from '@mantine/core';
import { IconArchive, IconDatabaseExport, IconListDetails, IconSettingsAutomation } from '@tabler/icons-react';
import type { ProfileView } from '../../../shared/domain/profile';
import type { ServerReport } from '../../../shared/domain/server';
import { ArchiverStatusPanel } from './archiver-status-panel';
import { RecoverableWindowPanel } from './recoverable-window-panel';
import { LinkButton } from '../link-button';

/** Whether the live server hands its WAL to an archiver at all (the wizard tells whether it works). */
export function archivingConfigured(facts: ServerReport['facts']): boolean {
  return facts.archiveMode !== 'off' && Boolean(facts.archiveLibrary || facts.archiveCommand);
}

/**
 * On a connection's page: archiving, the archiver, the recoverable window, and the way to the
 * archiving wizard, a physical backup and the WAL archive browser.
 */
export function ClusterWalSection({ profile, report }: { profile: ProfileView; report: ServerReport }) {
  const configured = archivingConfigured(report.facts);
  const systemIdentifier = report.facts.systemIdentifier;
  return (
    <section data-testid="cluster-wal-section">
      <Group justify="space-between" align="center" mb="sm">
        <Title order={2} size="h4">
          WAL archiving and point-in-time recovery
        </Title>
        <Group gap="sm">
          <LinkButton
            to={{ page: 'archiving', profileId: profile.id }}
            variant={configured ? 'default' : 'filled'}
            leftSection={<IconSettingsAutomation size={16} />}
            data-testid="open-archiving"
          >
            {configured ? 'Archiving setup' : 'Set up archiving'}
          </LinkButton>
          <LinkButton
            to={{ page: 'physical-backup', profileId: profile.id }}
            variant="default"
            leftSection={<IconDatabaseExport size={16} />}
            data-testid="open-physical-backup"
          >
            Physical backup
          </LinkButton>
          {systemIdentifier && (
            <LinkButton
              to={{ page: 'wal-archive', systemIdentifier, repositoryDir: profile.repositoryDir }}
              variant="default"
              leftSection={<IconListDetails size={16} />}
              data-testid="open-wal-archive"
            >
              WAL archive
            </LinkButton>
          )}
        </Group>
      </Group>
      <Stack gap="md">
        {!configured && (
          <Alert color="orange" icon={<IconArchive />} title="WAL is not archived" data-testid="archiving-not-configured">
            <Text size="sm">
              Without an archive of its WAL this server can only be restored to the moment of a backup, never to a point in between. The archiving setup checks
              what is missing, proposes a durable configuration into the Tidemark repository, applies it and proves it with a real segment.
            </Text>
          </Alert>
        )}
        <ArchiverStatusPanel profileId={profile.id} />
        <RecoverableWindowPanel
          archive={{ server: { profileId: profile.id } }}
          profileId={profile.id}
          archiveTimeoutSeconds={report.facts.archiveTimeoutSeconds}
        />
      </Stack>
    </section>
  );
}
