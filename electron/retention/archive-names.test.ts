import { describe, expect, it } from 'vitest';
import { formatSegmentName } from '../../shared/domain/wal';
import { ArchiveIndex } from '../wal/archive-index';
import { archiveNamesOf } from './archive-names';

const segmentSize = 16 * 1024 * 1024;
const name = (n: number, timeline = 1) => formatSegmentName({ timeline, logId: Math.floor(n / 256), segId: n % 256 });

// A folder lists its files in hash order: retention's view sorts each timeline by segment number
// (across log ids), keeps one file of a segment listed twice, and sets the rest aside.
describe("retention's names of an archive", () => {
  it('orders a shuffled folder by segment number and sets a twin and a partial aside', () => {
    const index = new ArchiveIndex('/nowhere');
    const numbers = [300, 5, 255, 256, 7, 6, 257, 4];
    for (const n of numbers) index.files.set(name(n), { sizeBytes: segmentSize, mtimeMs: n });
    index.files.set(`${name(6)}.zst`, { sizeBytes: 100, mtimeMs: 6 });
    index.files.set(`${name(301)}.partial`, { sizeBytes: segmentSize, mtimeMs: 301 });
    index.files.set(name(3, 2), { sizeBytes: segmentSize, mtimeMs: 3 });
    index.files.set('00000002.history', { sizeBytes: 40, mtimeMs: 0 });
    const names = archiveNamesOf(index, segmentSize);
    expect(names.timelines.get(1)!.numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(names.timelines.get(1)!.fileNames[2]).toBe(name(6));
    expect(names.timelines.get(1)!.mtimesMs).toEqual([...numbers].sort((a, b) => a - b));
    expect(names.timelines.get(2)!.numbers).toEqual([3]);
    expect(names.extraFiles.map((file) => file.fileName)).toEqual([`${name(6)}.zst`, `${name(301)}.partial`]);
    expect(names.historyFiles).toBe(1);
  });

  it('sorts a timeline whose numbers are far apart (a long gap) as well', () => {
    const index = new ArchiveIndex('/nowhere');
    const numbers = [1_000_000, 2, 500_000, 1];
    for (const n of numbers) index.files.set(name(n), { sizeBytes: segmentSize, mtimeMs: n });
    expect(archiveNamesOf(index, segmentSize).timelines.get(1)!.numbers).toEqual([1, 2, 500_000, 1_000_000]);
  });
});
