import type { profileRequests } from '../../shared/contract/profiles';
import type { HandlersFor } from '../api/handlers-for';
import type { Services } from '../api/services';
import { ProfileService } from './profile-service';
import { inspectServer } from './server-report';

export function profileHandlers(services: Services): HandlersFor<typeof profileRequests> {
  const profiles = new ProfileService(services);
  return {
    'profiles.list': () => profiles.list(),
    'profiles.save': (draft) => profiles.save(draft),
    'profiles.remove': async ({ id }) => ({ removed: await profiles.remove(id) }),
    'profiles.test': (input) =>
      inspectServer(services, 'id' in input ? { profile: profiles.store.get(input.id) } : { target: input.target, password: input.password }),
  };
}
