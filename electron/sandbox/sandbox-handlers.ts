import type { sandboxRequests } from '../../shared/contract/sandbox';
import type { HandlersFor } from '../api/handlers-for';
import type { Services } from '../api/services';
import { SandboxService } from './sandbox-service';

export function sandboxHandlers(services: Services): HandlersFor<typeof sandboxRequests> {
  const sandbox = new SandboxService(services);
  return {
    'sandbox.status': () => sandbox.status(),
    'sandbox.create': () => sandbox.create(),
    'sandbox.start': () => sandbox.start(),
    'sandbox.stop': () => sandbox.stop(),
    'sandbox.setKeepRunning': ({ keepRunning }) => sandbox.setKeepRunning(keepRunning),
  };
}
