import { Anchor, Code, Stack } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { hrefFor } from '../../app/routes';
import { PageHeader } from '../../components/page-header';
import { ArchiverStatusPanel } from '../../components/wal/archiver-status-panel';
import { ProfileGate } from '../../components/wal/profile-gate';
import { ArchivingWizard } from './archiving-wizard';

/** WAL archiving for one connection: the setup wizard, then the archiver it watches. */
export function ArchivingPage({ profileId }: { profileId: string }) {
  return (
    <ProfileGate profileId={profileId}>
      {(profile) => (
        <>
          <PageHeader
            title="WAL archiving"
            description={
              <>
                Archive every WAL segment of <strong>{profile.name}</strong> (<Code fz="sm">{profile.summary}</Code>) into the Tidemark repository, durably, and
                prove it works: point-in-time recovery replays these segments.
              </>
            }
            actions={
              <Anchor href={hrefFor({ page: 'connection', profileId })} size="sm">
                <IconArrowLeft size={14} style={{ verticalAlign: 'middle' }} /> Back to {profile.name}
              </Anchor>
            }
          />
          <Stack gap="xl">
            <ArchivingWizard profile={profile} />
            <ArchiverStatusPanel profileId={profileId} title="Archiver (pg_stat_archiver)" />
          </Stack>
        </>
      )}
    </ProfileGate>
  );
}
