import { describe, expect, it } from 'vitest';
import {
  compareLsn,
  formatLsn,
  formatSegmentName,
  lsnDistanceBytes,
  lsnFromBigInt,
  lsnToBigInt,
  parseArchiveFileName,
  parseLsn,
  parseSegmentName,
  segmentBeforeLsn,
  segmentEndLsn,
  segmentForLsn,
  segmentNumber,
  segmentStartLsn,
} from './wal';

const mb16 = 16 * 1024 * 1024;
const mb64 = 64 * 1024 * 1024;

describe('LSNs', () => {
  it('parse, format as PostgreSQL does, and compare as numbers, not text', () => {
    const lsn = parseLsn('16/b374d848')!;
    expect(lsn).toEqual({ hi: 0x16, lo: 0xb374d848 });
    expect(formatLsn(lsn)).toBe('16/B374D848');
    expect(formatLsn(parseLsn('0/3000028')!)).toBe('0/3000028');
    // As text "0/A000000" < "0/9000000" is false, as numbers 0/9000000 < 0/A000000.
    expect(compareLsn(parseLsn('0/9000000')!, parseLsn('0/A000000')!)).toBeLessThan(0);
    expect(compareLsn(parseLsn('1/0')!, parseLsn('0/FFFFFFFF')!)).toBeGreaterThan(0);
    expect(parseLsn('0/3000028/')).toBeNull();
    expect(parseLsn('123456789/0')).toBeNull();
  });

  it('round-trip through bigint and measure distances', () => {
    const lsn = parseLsn('FFFFFFFF/FFFFFFFF')!;
    expect(lsnFromBigInt(lsnToBigInt(lsn))).toEqual(lsn);
    expect(lsnDistanceBytes(parseLsn('0/1000000')!, parseLsn('1/0')!)).toBe(0x1_0000_0000n - 0x100_0000n);
  });
});

describe('segment names', () => {
  it('parse once into timeline, log id and segment id, aware of the segment size', () => {
    expect(parseSegmentName('000000020000000A000000FF', mb16)).toEqual({ timeline: 2, logId: 10, segId: 255 });
    // With 64 MB segments a log id holds 64 segments: ...000000FF cannot exist.
    expect(parseSegmentName('000000020000000A000000FF', mb64)).toBeNull();
    expect(parseSegmentName('000000020000000A0000003F', mb64)).toEqual({ timeline: 2, logId: 10, segId: 63 });
    expect(parseSegmentName('00000000000000000000000A', mb16)).toBeNull();
    expect(parseSegmentName('0000000100000000000000ga', mb16)).toBeNull();
    // Upper-case hex only, as PostgreSQL names them; every digit counts, up to 32 bits per field.
    expect(parseSegmentName('0000000100000000000000aa', mb16)).toBeNull();
    expect(parseSegmentName('00000001000000000000000:', mb16)).toBeNull();
    expect(parseSegmentName('0000000100000000000000AA0', mb16)).toBeNull();
    expect(parseSegmentName('FFFFFFFFFFFFFFFF000000FF', mb16)).toEqual({ timeline: 0xffff_ffff, logId: 0xffff_ffff, segId: 255 });
  });

  it('map segments to LSN ranges and back', () => {
    const name = parseSegmentName('000000010000000100000002', mb16)!;
    expect(segmentNumber(name, mb16)).toBe(258n);
    expect(formatLsn(segmentStartLsn(name, mb16))).toBe('1/2000000');
    expect(formatLsn(segmentEndLsn(name, mb16))).toBe('1/3000000');
    expect(formatSegmentName(segmentForLsn(parseLsn('1/2FFFFFF')!, 1, mb16))).toBe('000000010000000100000002');
    // A stop exactly at a boundary needs the segment before it.
    expect(formatSegmentName(segmentBeforeLsn(parseLsn('1/3000000')!, 1, mb16))).toBe('000000010000000100000002');
    expect(formatSegmentName(segmentForLsn(parseLsn('1/C000000')!, 3, mb64))).toBe('000000030000000100000003');
  });

  it('recognise every kind of file an archive holds', () => {
    expect(parseArchiveFileName('000000010000000000000003', mb16)).toMatchObject({ kind: 'segment', compression: 'none' });
    expect(parseArchiveFileName('000000010000000000000003.zst', mb16)).toMatchObject({ kind: 'segment', compression: 'zstd' });
    expect(parseArchiveFileName('000000010000000000000003.partial', mb16)).toMatchObject({ kind: 'partial' });
    expect(parseArchiveFileName('000000010000000000000003.partial.gz', mb16)).toMatchObject({ kind: 'partial', compression: 'gzip' });
    expect(parseArchiveFileName('00000002.history', mb16)).toEqual({ kind: 'history', timeline: 2, compression: 'none' });
    expect(parseArchiveFileName('000000010000000000000002.00000028.backup', mb16)).toMatchObject({ kind: 'backup', offset: 0x28 });
    expect(parseArchiveFileName('archtemp.000000010000000000000003.123.456', mb16)).toBeNull();
    expect(parseArchiveFileName('.tidemark-index.json', mb16)).toBeNull();
  });
});
