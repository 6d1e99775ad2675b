import { Stack } from '@mantine/core';
import { ProfileMention, ProfileSubpage } from '../../components/profile-subpage';
import { ArchiverStatusPanel } from '../../components/wal/archiver-status-panel';
import { ArchivingWizard } from './archiving-wizard';

/** WAL archiving for one connection: the setup wizard, then the archiver it watches. */
export function ArchivingPage({ profileId }: { profileId: string }) {
  return (
    <ProfileSubpage
      profileId={profileId}
      title="WAL archiving"
      description={(profile) => (
        <>
          Archive every WAL segment of <ProfileMention profile={profile} /> into the Tidemark repository, durably, and prove it works: point-in-time recovery
          replays these segments.
        </>
      )}
    >
      {(profile) => (
        <Stack gap="xl">
          <ArchivingWizard profile={profile} />
          <ArchiverStatusPanel profileId={profileId} title="Archiver (pg_stat_archiver)" />
        </Stack>
      )}
    </ProfileSubpage>
  );
}
