import type { restoreRequests } from '../../shared/contract/restore';
import type { HandlersFor } from '../../shared/contract/handlers-for';
import type { RestoreService } from './restore-service';

export function restoreHandlers(restore: RestoreService): HandlersFor<typeof restoreRequests> {
  return {
    'restore.preview': (input) => restore.preview(input),
    'restore.targetInfo': (input) => restore.targetInfo(input),
    'restore.terminateConnections': (input) => restore.terminateConnections(input),
    'restore.startLogical': (input) => restore.startLogical(input),
  };
}
