import type { pitrRequests } from '../../shared/contract/pitr';
import type { HandlersFor } from '../api/handlers-for';
import type { Services } from '../api/services';
import { deleteOldDataDir, listOldDataDirs, restoreOldDataDir } from './old-data-dirs';
import { PitrService } from './pitr-service';
import { createRestorePoint } from './restore-point';

export function pitrHandlers(services: Services): HandlersFor<typeof pitrRequests> {
  const pitr = new PitrService(services);
  return {
    'pitr.plan': (request) => pitr.plan(request),
    'pitr.start': (request) => pitr.start(request),
    'pitr.resume': ({ clusterId }) => pitr.resume(clusterId),
    'pitr.retarget': ({ clusterId, target, inclusive, promote }) => pitr.retarget(clusterId, { target, inclusive, promote }),
    'restorePoint.create': (input) => createRestorePoint(services, input),
    'oldDataDirs.list': ({ clusterId }) => listOldDataDirs(services, clusterId),
    'oldDataDirs.restore': ({ clusterId, path, confirmName }) => restoreOldDataDir(services, clusterId, path, confirmName),
    'oldDataDirs.delete': ({ clusterId, path, confirmName }) => deleteOldDataDir(services, clusterId, path, confirmName),
  };
}
