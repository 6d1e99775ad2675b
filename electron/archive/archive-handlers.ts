import type { archiveRequests } from '../../shared/contract/archive';
import type { HandlersFor } from '../../shared/contract/handlers-for';
import type { ArchiveService } from './archive-service';

export function archiveHandlers(archive: ArchiveService): HandlersFor<typeof archiveRequests> {
  return {
    'archive.plan': (input) => archive.plan(input),
    'archive.apply': (input) => archive.apply(input),
    'archive.verify': (input) => archive.verify(input),
    'archive.status': (input) => archive.status(input),
  };
}
