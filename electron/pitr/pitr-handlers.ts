import type { pitrRequests } from '../../shared/contract/pitr';
import type { HandlersFor } from '../../shared/contract/handlers-for';
import type { PitrService } from './pitr-service';

export function pitrHandlers(pitr: PitrService): HandlersFor<typeof pitrRequests> {
  return {
    'pitr.plan': (request) => pitr.plan(request),
    'pitr.start': (request) => pitr.start(request),
    'pitr.resume': ({ clusterId }) => pitr.resume(clusterId),
    'pitr.retarget': ({ clusterId, target, inclusive, promote }) => pitr.retarget(clusterId, { target, inclusive, promote }),
    'restorePoint.create': (input) => pitr.createRestorePoint(input),
    'oldDataDirs.list': ({ clusterId }) => pitr.listOldDataDirs(clusterId),
    'oldDataDirs.restore': ({ clusterId, path, confirmName }) => pitr.restoreOldDataDir(clusterId, path, confirmName),
    'oldDataDirs.delete': ({ clusterId, path, confirmName }) => pitr.deleteOldDataDir(clusterId, path, confirmName),
  };
}
