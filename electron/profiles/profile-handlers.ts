import type { profileRequests } from '../../shared/contract/profiles';
import { TidemarkError } from '../../shared/domain/errors';
import type { HandlersFor } from '../api/handlers-for';
import type { Services } from '../api/services';

// Filled in by the profiles work (issue 2); until then every call says so.
export function profileHandlers(_services: Services): HandlersFor<typeof profileRequests> {
  const pending = async (): Promise<never> => {
    throw new TidemarkError('internal', 'Profiles are being built.');
  };
  return { 'profiles.list': pending, 'profiles.save': pending, 'profiles.remove': pending, 'profiles.test': pending };
}
