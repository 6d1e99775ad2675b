import { Anchor, Badge, Group } from '@mantine/core';
import type { ProfileView } from '../../shared/domain/profile';
import { hrefFor } from '../app/routes';

/** A connection's name, linking to its page, marked when it is the sandbox or another cluster Tidemark manages. */
export function ProfileName({ profile, inheritColor = false }: { profile: ProfileView; inheritColor?: boolean }) {
  return (
    <Group gap="xs">
      <Anchor href={hrefFor({ page: 'connection', profileId: profile.id })} fw={inheritColor ? 650 : 600} c={inheritColor ? 'inherit' : undefined}>
        {profile.name}
      </Anchor>
      {profile.managedClusterId && (
        <Badge size="sm" variant="light">
          Sandbox
        </Badge>
      )}
    </Group>
  );
}
