import type { sandboxRequests } from '../../shared/contract/sandbox';
import type { HandlersFor } from '../../shared/contract/handlers-for';
import type { SandboxService } from './sandbox-service';

export function sandboxHandlers(sandbox: SandboxService): HandlersFor<typeof sandboxRequests> {
  return {
    'sandbox.status': () => sandbox.status(),
    'sandbox.create': () => sandbox.create(),
    'sandbox.start': () => sandbox.start(),
    'sandbox.stop': () => sandbox.stop(),
    'sandbox.setKeepRunning': ({ keepRunning }) => sandbox.setKeepRunning(keepRunning),
  };
}
