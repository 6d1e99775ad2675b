import { useQueries } from '@tanstack/react-query';
import type { ArchiveRef } from '../../../shared/contract/wal';
import { call } from '../../../shared/contract/call';
import type { TidemarkError } from '../../../shared/domain/errors';
import type { ArchivedSegment, WalSegmentPage } from '../../../shared/domain/wal-archive';
import { useBridge } from '../../bridge/bridge-context';

export const segmentPageSize = 200;

export interface SegmentPages {
  /** Segments in the archive (for this timeline); null until the first page answers. */
  total: number | null;
  segmentAt(index: number): ArchivedSegment | undefined;
  error: TidemarkError | null;
}

/**
 * The segment list's pages, fetched only for the rows on screen (and the first page, for the
 * total): an archive of 100,000 segments never crosses the bridge whole.
 */
export function useSegmentPages(archive: ArchiveRef, timeline: number | undefined, visibleIndexes: { first: number; last: number } | null): SegmentPages {
  const { api } = useBridge();
  const pageIndexes = new Set<number>([0]);
  if (visibleIndexes) {
    for (let page = Math.floor(visibleIndexes.first / segmentPageSize); page <= Math.floor(visibleIndexes.last / segmentPageSize); page++)
      pageIndexes.add(page);
  }
  const pages = [...pageIndexes].sort((a, b) => a - b);
  const results = useQueries({
    queries: pages.map((page) => {
      const input = { ...archive, ...(timeline !== undefined ? { timeline } : {}), offset: page * segmentPageSize, limit: segmentPageSize };
      return {
        queryKey: ['wal.segments', input],
        queryFn: () => call(api, 'wal.segments', input),
        staleTime: 30_000,
      };
    }),
  });
  const byPage = new Map<number, WalSegmentPage>();
  results.forEach((result, index) => {
    if (result.data) byPage.set(pages[index]!, result.data);
  });
  return {
    total: byPage.get(0)?.total ?? null,
    segmentAt: (index) => byPage.get(Math.floor(index / segmentPageSize))?.segments[index % segmentPageSize],
    error: (results.find((result) => result.error)?.error as TidemarkError | undefined) ?? null,
  };
}
