import type { walRequests } from '../../shared/contract/wal';
import type { HandlersFor } from '../../shared/contract/handlers-for';
import type { WalService } from './wal-service';

export function walHandlers(wal: WalService): HandlersFor<typeof walRequests> {
  return {
    'wal.clusters': (input) => wal.clusters(input),
    'wal.summary': (input) => wal.summary(input),
    'wal.segments': (input) => wal.segments(input),
    'wal.segment': (input) => wal.segment(input),
    'wal.window': (input) => wal.window(input),
    'wal.cleanupPreview': (input) => wal.cleanupPreview(input),
    'wal.cleanup': (input) => wal.cleanup(input),
  };
}
