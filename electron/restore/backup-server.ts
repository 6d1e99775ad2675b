import { TidemarkError } from '../../shared/domain/errors';
import type { ConnectionResolver } from '../profiles/connection-resolver';
import type { ProfileStore } from '../profiles/profile-store';
import type { ServerAccess } from '../profiles/server-access';

/** Finding the server of a backup's own profile. */
export interface ManifestProfileDeps {
  readonly profiles: ProfileStore;
  readonly connections: ConnectionResolver;
}

/** The server of a backup's own profile, for a restore (or a test restore) when no other is named. */
export function accessOfManifestProfile(deps: ManifestProfileDeps, profile: { id: string; name: string } | null): ServerAccess {
  if (!profile) {
    throw new TidemarkError('invalid_input', 'This backup belongs to no saved profile, so Tidemark does not know which server to restore it on.', {
      hint: 'Name a server: --profile NAME or --conn URI.',
    });
  }
  const saved = deps.profiles.list().find((p) => p.id === profile.id);
  if (!saved) {
    throw new TidemarkError('not_found', `The backup's profile "${profile.name}" no longer exists.`, { hint: 'Name a server: --profile NAME or --conn URI.' });
  }
  return deps.connections.access({ profile: saved });
}
