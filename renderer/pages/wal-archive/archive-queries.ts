import type { QueryClient } from '@tanstack/react-query';
import type { RequestName } from '../../../shared/contract';

/** The answers read from the archive folder: stale once it is rescanned or files leave it. */
const archiveReadRequests = ['wal.summary', 'wal.segments', 'wal.window', 'wal.cleanupPreview'] as const satisfies readonly RequestName[];

/** Reads the archive again: its summary, the segment pages on screen, the window and the cleanup preview. */
export function rereadArchive(queryClient: QueryClient) {
  return Promise.all(archiveReadRequests.map((name) => queryClient.invalidateQueries({ queryKey: [name] })));
}
