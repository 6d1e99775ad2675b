import { mkdtemp, open, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSegmentName } from '../../shared/domain/wal';
import { ArchiveIndex, forgetArchiveIndex, indexFileName } from './archive-index';
import { findSegment, openArchive, segmentPage } from './wal-archive';
import { findGaps } from './wal-gaps';

const segmentCount = 100_000;
const name = (n: number, timeline = 1) => formatSegmentName({ timeline, logId: Math.floor(n / 256), segId: n % 256 });

// An archive of 100,000 segments, as empty files named like segments: the listing needs names,
// sizes and times only. (Timing belongs to `npm run bench:physical`; this checks the results.)
describe('scanning an archive of 100,000 segments', () => {
  let repositoryRoot: string;
  const systemIdentifier = '7000000000000000001';
  let archiveDir: string;

  beforeAll(async () => {
    repositoryRoot = await mkdtemp(join(tmpdir(), 'tidemark-scan-'));
    archiveDir = join(repositoryRoot, 'wal', systemIdentifier);
    await (await import('node:fs/promises')).mkdir(archiveDir, { recursive: true });
    for (let start = 0; start < segmentCount; start += 1_000) {
      await Promise.all(
        Array.from({ length: Math.min(1_000, segmentCount - start) }, async (_, i) => {
          const handle = await open(join(archiveDir, name(start + i)), 'w');
          await handle.close();
        }),
      );
    }
    await writeFile(join(archiveDir, 'archtemp.000000010000000000000001.123.456'), '');
  }, 300_000);
  afterAll(() => rm(repositoryRoot, { recursive: true, force: true }), 120_000);

  it('lists every segment in WAL order, pages through it, and finds a segment by name', async () => {
    const archive = await openArchive(repositoryRoot, systemIdentifier);
    expect(archive.listing.segments).toHaveLength(segmentCount);
    expect(archive.scan.filesSeen).toBe(segmentCount + 1);
    expect(archive.listing.strays.map((s) => s.fileName)).toEqual(['archtemp.000000010000000000000001.123.456']);
    const page = segmentPage(archive, { offset: 50_000, limit: 100 });
    expect(page.total).toBe(segmentCount);
    expect(page.segments.map((s) => s.name)).toEqual(Array.from({ length: 100 }, (_, i) => name(50_000 + i)));
    expect(findSegment(archive, name(77_777))?.offset).toBe(77_777);
    // Empty files stand for segments cut short: each is flagged, none is a gap.
    expect(archive.listing.segments.every((s) => s.truncated)).toBe(true);
    expect(findGaps(archive.listing, archive.timelines)).toEqual([]);
  }, 60_000);

  it('rescans from its cache: only new and recent files are statted, a removed one becomes a gap', async () => {
    const first = await openArchive(repositoryRoot, systemIdentifier);
    await first.index.save();
    await unlink(join(archiveDir, name(60_000)));
    await writeFile(join(archiveDir, name(segmentCount)), '');
    // A new process: the persisted index, not the one in memory.
    const fresh = new ArchiveIndex(archiveDir);
    expect(await fresh.load()).toBe(true);
    const stats = await fresh.scan();
    expect(fresh.files.size).toBe(segmentCount + 1);
    expect(fresh.files.has(name(60_000))).toBe(false);
    expect(fresh.files.has(name(segmentCount))).toBe(true);
    // The files were written minutes ago at most, so "recent" covers them here; the point is
    // that a second scan in the same process reuses the cache.
    expect(stats.filesSeen).toBe(segmentCount + 1);
    const again = await fresh.scan();
    expect(again.filesStatted).toBeLessThan(100);

    // A new session's first screen: the saved index at once, the folder read again behind it.
    await fresh.save();
    forgetArchiveIndex(archiveDir);
    await unlink(join(archiveDir, name(60_001)));
    const firstScreen = await openArchive(repositoryRoot, systemIdentifier, { allowStale: true });
    expect(firstScreen.scan.refreshing).toBe(true);
    expect(firstScreen.listing.segments).toHaveLength(segmentCount);
    const archive = await openArchive(repositoryRoot, systemIdentifier);
    expect(archive.scan.refreshing).toBeFalsy();
    expect(archive.listing.segments).toHaveLength(segmentCount - 1);
    const gaps = findGaps(archive.listing, archive.timelines);
    expect(gaps.map((g) => [g.firstMissing, g.missingCount, g.segmentsCutOff])).toEqual([[name(60_000), 2, segmentCount - 60_001]]);
    expect(indexFileName.startsWith('.')).toBe(true);
  }, 60_000);
});
