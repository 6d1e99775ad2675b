import { Anchor, Code } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { ProfileView } from '../../shared/domain/profile';
import { hrefFor } from '../app/routes';
import { PageHeader } from './page-header';
import { ProfileGate } from './profile-gate';

/** A page about one saved connection (its archiving, its base backups): a header with a link back to the connection, then the page's body. */
export function ProfileSubpage({
  profileId,
  title,
  description,
  children,
}: {
  profileId: string;
  title: string;
  description: (profile: ProfileView) => ReactNode;
  children: (profile: ProfileView) => ReactNode;
}) {
  return (
    <ProfileGate profileId={profileId}>
      {(profile) => (
        <>
          <PageHeader
            title={title}
            description={description(profile)}
            actions={
              <Anchor href={hrefFor({ page: 'connection', profileId })} size="sm">
                <IconArrowLeft size={14} style={{ verticalAlign: 'middle' }} /> Back to {profile.name}
              </Anchor>
            }
          />
          {children(profile)}
        </>
      )}
    </ProfileGate>
  );
}

/** The connection as a sentence names it: its name, then its address. */
export function ProfileMention({ profile }: { profile: ProfileView }) {
  return (
    <>
      <strong>{profile.name}</strong> (<Code fz="sm">{profile.summary}</Code>)
    </>
  );
}
