import type { snapshotRequests } from '../../shared/contract/snapshots';
import type { HandlersFor } from '../../shared/contract/handlers-for';
import type { SnapshotService } from './snapshot-service';

export function snapshotHandlers(snapshots: SnapshotService): HandlersFor<typeof snapshotRequests> {
  return {
    'snapshots.create': (input) => snapshots.create(input),
    'snapshots.list': (input) => snapshots.list(input),
    'snapshots.sessions': (input) => snapshots.sessions(input),
    'snapshots.restore': (input) => snapshots.restore(input),
    'snapshots.compare': (input) => snapshots.compare(input),
    'snapshots.delete': (input) => snapshots.delete(input),
    'snapshots.cleanup': (input) => snapshots.cleanup(input),
    'snapshots.setPreparedCopies': (input) => snapshots.setPreparedCopies(input),
    'snapshots.fromBackup': (input) => snapshots.fromBackup(input),
    'snapshots.export': (input) => snapshots.export(input),
  };
}
