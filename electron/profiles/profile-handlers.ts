import type { profileRequests } from '../../shared/contract/profiles';
import type { HandlersFor } from '../../shared/contract/handlers-for';
import type { ProfileService } from './profile-service';

/** Takes `{ profileService }` rather than the bare service, so that a holder of every service (a test) passes them whole. */
export function profileHandlers({ profileService: profiles }: { readonly profileService: ProfileService }): HandlersFor<typeof profileRequests> {
  return {
    'profiles.list': () => profiles.list(),
    'profiles.save': (draft) => profiles.save(draft),
    'profiles.remove': async ({ id }) => ({ removed: await profiles.remove(id) }),
    'profiles.test': (input) => profiles.test(input),
  };
}
