import type { physicalRequests } from '../../shared/contract/physical';
import type { HandlersFor } from '../../shared/contract/handlers-for';
import type { PhysicalService } from './physical-service';

export function physicalHandlers(physical: PhysicalService): HandlersFor<typeof physicalRequests> {
  return {
    'physical.capabilities': ({ server }) => physical.capabilities(server),
    'physical.backup': (input) => physical.backup(input),
    'physical.list': (input) => physical.list(input),
  };
}
