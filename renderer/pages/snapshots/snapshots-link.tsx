import { IconCamera } from '@tabler/icons-react';
import { LinkButton } from '../../components/link-button';

/** The connection page's way to its databases' snapshots. */
export function SnapshotsLinkButton({ profileId }: { profileId: string }) {
  return (
    <LinkButton variant="default" to={{ page: 'snapshots', profileId }} leftSection={<IconCamera size={16} />} data-testid="snapshots-profile">
      Snapshots
    </LinkButton>
  );
}
