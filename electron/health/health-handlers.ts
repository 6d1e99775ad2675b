import type { healthRequests } from '../../shared/contract/health';
import type { HandlersFor } from '../../shared/contract/handlers-for';
import type { HealthService } from './health-service';

export function healthHandlers(health: HealthService): HandlersFor<typeof healthRequests> {
  return {
    'health.watch': ({ profileId, watcherId, intervalSeconds }) => health.watch(profileId, watcherId, intervalSeconds),
    'health.unwatch': ({ profileId, watcherId }) => health.unwatch(profileId, watcherId),
    'health.snapshot': ({ profileId, fresh, includeStorage }) => health.snapshot(profileId, { fresh, includeStorage }),
    'health.history': ({ profileId, range }) => health.history(profileId, range),
    'health.refreshStorage': ({ profileId }) => health.refreshStorage(profileId),
    'health.thresholds.get': ({ profileId }) => health.settings(profileId),
    'health.thresholds.set': (input) => health.updateSettings(input),
    'health.cancelQuery': (input) => health.signalSession('cancel', input),
    'health.terminateSession': (input) => health.signalSession('terminate', input),
  };
}
