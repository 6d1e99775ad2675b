import type { sandboxRequests } from '../../shared/contract/sandbox';
import { TidemarkError } from '../../shared/domain/errors';
import type { HandlersFor } from '../api/handlers-for';
import type { Services } from '../api/services';

// Filled in by the sandbox work (issue 2); until then every call says so.
export function sandboxHandlers(_services: Services): HandlersFor<typeof sandboxRequests> {
  const pending = async (): Promise<never> => {
    throw new TidemarkError('internal', 'The sandbox is being built.');
  };
  return { 'sandbox.status': pending, 'sandbox.create': pending, 'sandbox.start': pending, 'sandbox.stop': pending, 'sandbox.setKeepRunning': pending };
}
