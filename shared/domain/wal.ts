import { z } from 'zod';

/**
 * WAL addressing: log sequence numbers and segment file names, parsed once and compared as
 * numbers. PostgreSQL writes an LSN as two 32-bit hex halves, "16/B374D848"; a segment file name
 * is three 8-digit hex fields, timeline / log id / segment id (src/include/access/xlog_internal.h).
 */

/**
 * A WAL position. Two 32-bit halves rather than a bigint so it crosses JSON (the browser bridge,
 * --json) unchanged; compare with compareLsn, do arithmetic through lsnToBigInt.
 */
export interface Lsn {
  readonly hi: number;
  readonly lo: number;
}

/** An Lsn read from untrusted JSON (a manifest on disk, a request). */
export const lsnSchema = z.object({ hi: z.number().int().min(0).max(0xffff_ffff), lo: z.number().int().min(0).max(0xffff_ffff) });

const twoTo32 = 0x1_0000_0000n;

export function lsnFromBigInt(value: bigint): Lsn {
  if (value < 0n || value >= twoTo32 * twoTo32) throw new RangeError(`LSN out of range: ${value}`);
  return { hi: Number(value / twoTo32), lo: Number(value % twoTo32) };
}

export function lsnToBigInt(lsn: Lsn): bigint {
  return BigInt(lsn.hi) * twoTo32 + BigInt(lsn.lo);
}

/** "16/B374D848" → Lsn; null for anything else. */
export function parseLsn(text: string): Lsn | null {
  const match = /^\s*([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})\s*$/.exec(text);
  if (!match) return null;
  return { hi: parseInt(match[1]!, 16), lo: parseInt(match[2]!, 16) };
}

/** parseLsn that throws: for text PostgreSQL itself produced. */
export function lsnOf(text: string): Lsn {
  const lsn = parseLsn(text);
  if (!lsn) throw new Error(`Not an LSN: ${JSON.stringify(text).slice(0, 40)}`);
  return lsn;
}

/** PostgreSQL's own spelling: upper-case hex, no leading zeros ("0/3000028"). */
export function formatLsn(lsn: Lsn): string {
  return `${lsn.hi.toString(16).toUpperCase()}/${lsn.lo.toString(16).toUpperCase()}`;
}

export function compareLsn(a: Lsn, b: Lsn): number {
  return a.hi - b.hi || a.lo - b.lo;
}

/** Bytes of WAL between two positions (b − a). */
export function lsnDistanceBytes(from: Lsn, to: Lsn): bigint {
  return lsnToBigInt(to) - lsnToBigInt(from);
}

// --- segment size -------------------------------------------------------------------------------

export const defaultWalSegmentSizeBytes = 16 * 1024 * 1024;

/** initdb --wal-segsize allows powers of two from 1 MB to 1 GB. */
export function isValidWalSegmentSize(bytes: number): boolean {
  return Number.isInteger(bytes) && bytes >= 1024 * 1024 && bytes <= 1024 * 1024 * 1024 && (bytes & (bytes - 1)) === 0;
}

/** How many segments one "log id" (4 GB of WAL) holds: 256 for 16 MB segments. */
export function segmentsPerLogId(segmentSizeBytes: number): number {
  // Segment sizes are powers of two up to 1 GB: the division is exact in floating point.
  return Math.floor(0x1_0000_0000 / segmentSizeBytes);
}

// --- segment names ------------------------------------------------------------------------------

/** A segment file name parsed once: 000000010000000A000000FF → { timeline 1, logId 10, segId 255 }. */
export interface WalSegmentName {
  readonly timeline: number;
  readonly logId: number;
  readonly segId: number;
}

const hex8 = (value: number) => value.toString(16).toUpperCase().padStart(8, '0');

export function formatSegmentName(name: WalSegmentName): string {
  return hex8(name.timeline) + hex8(name.logId) + hex8(name.segId);
}

/**
 * The 24 hex digits of a segment name; null when it is not one, or when segId cannot exist with
 * this segment size (a 64 MB cluster has no segment ...000000FF).
 */
export function parseSegmentName(text: string, segmentSizeBytes: number): WalSegmentName | null {
  if (text.length !== 24) return null;
  // Character codes rather than a regular expression and three parseInts: an archive listing
  // parses 200,000 names.
  const timeline = upperHex8(text, 0);
  const logId = upperHex8(text, 8);
  const segId = upperHex8(text, 16);
  if (timeline <= 0 || logId < 0 || segId < 0 || segId >= segmentsPerLogId(segmentSizeBytes)) return null;
  return { timeline, logId, segId };
}

/** Eight upper-case hex digits at `from` as a number; -1 when any is not one. */
function upperHex8(text: string, from: number): number {
  let value = 0;
  for (let i = from; i < from + 8; i++) {
    const code = text.charCodeAt(i);
    let digit: number;
    if (code >= 48 && code <= 57) digit = code - 48;
    else if (code >= 65 && code <= 70) digit = code - 55;
    else return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** The segment's position in the WAL stream, independent of the timeline (XLogSegNo). */
export function segmentNumber(name: WalSegmentName, segmentSizeBytes: number): bigint {
  return BigInt(name.logId) * BigInt(segmentsPerLogId(segmentSizeBytes)) + BigInt(name.segId);
}

export function segmentFromNumber(timeline: number, segNo: bigint, segmentSizeBytes: number): WalSegmentName {
  const perLogId = BigInt(segmentsPerLogId(segmentSizeBytes));
  return { timeline, logId: Number(segNo / perLogId), segId: Number(segNo % perLogId) };
}

/** The first byte a segment holds. */
export function segmentStartLsn(name: WalSegmentName, segmentSizeBytes: number): Lsn {
  return lsnFromBigInt(segmentNumber(name, segmentSizeBytes) * BigInt(segmentSizeBytes));
}

/** The first byte after the segment (its end, exclusive). */
export function segmentEndLsn(name: WalSegmentName, segmentSizeBytes: number): Lsn {
  return lsnFromBigInt((segmentNumber(name, segmentSizeBytes) + 1n) * BigInt(segmentSizeBytes));
}

/** The segment holding `lsn` on `timeline` (XLByteToSeg). */
export function segmentForLsn(lsn: Lsn, timeline: number, segmentSizeBytes: number): WalSegmentName {
  return segmentFromNumber(timeline, lsnToBigInt(lsn) / BigInt(segmentSizeBytes), segmentSizeBytes);
}

/**
 * The segment that holds the byte just before `lsn` (XLByteToPrevSeg): a backup that stops
 * exactly at a segment boundary needs the segment before it, not the empty one after.
 */
export function segmentBeforeLsn(lsn: Lsn, timeline: number, segmentSizeBytes: number): WalSegmentName {
  const value = lsnToBigInt(lsn);
  return segmentFromNumber(timeline, (value === 0n ? 0n : value - 1n) / BigInt(segmentSizeBytes), segmentSizeBytes);
}

export function compareSegmentNames(a: WalSegmentName, b: WalSegmentName): number {
  return a.timeline - b.timeline || a.logId - b.logId || a.segId - b.segId;
}

/** Compares positions only, as pg_archivecleanup does (it ignores the timeline). */
export function compareSegmentPositions(a: WalSegmentName, b: WalSegmentName): number {
  return a.logId - b.logId || a.segId - b.segId;
}

// --- every kind of file an archive holds --------------------------------------------------------

export const walCompressions = ['none', 'gzip', 'lz4', 'zstd'] as const;
export type WalCompression = (typeof walCompressions)[number];

const compressionSuffixes: { suffix: string; compression: WalCompression }[] = [
  { suffix: '.gz', compression: 'gzip' },
  { suffix: '.lz4', compression: 'lz4' },
  { suffix: '.zst', compression: 'zstd' },
];

/**
 * What one file name in a WAL archive is (src/include/access/xlog_internal.h):
 * - segment:   000000010000000000000003           (16 MB of WAL)
 * - partial:   000000010000000000000003.partial   (the last, incomplete segment of a timeline a
 *              promotion ended; recovery never reads it, but it is kept for forensics)
 * - history:   00000002.history                  (how timeline 2 forked from its parent)
 * - backup:    000000010000000000000002.00000028.backup  (a base backup's start/stop record)
 * Compression suffixes (.gz, .lz4, .zst) from archive_commands that compress are recognised.
 */
export type WalArchiveFileName =
  | { kind: 'segment'; segment: WalSegmentName; compression: WalCompression }
  | { kind: 'partial'; segment: WalSegmentName; compression: WalCompression }
  | { kind: 'history'; timeline: number; compression: WalCompression }
  | { kind: 'backup'; segment: WalSegmentName; offset: number; compression: WalCompression };

export function parseArchiveFileName(fileName: string, segmentSizeBytes: number): WalArchiveFileName | null {
  let base = fileName;
  let compression: WalCompression = 'none';
  for (const candidate of compressionSuffixes) {
    if (base.endsWith(candidate.suffix)) {
      base = base.slice(0, -candidate.suffix.length);
      compression = candidate.compression;
      break;
    }
  }
  if (base.length === 24) {
    const segment = parseSegmentName(base, segmentSizeBytes);
    return segment ? { kind: 'segment', segment, compression } : null;
  }
  if (base.length === 32 && base.endsWith('.partial')) {
    const segment = parseSegmentName(base.slice(0, 24), segmentSizeBytes);
    return segment ? { kind: 'partial', segment, compression } : null;
  }
  const history = /^([0-9A-F]{8})\.history$/.exec(base);
  if (history) {
    const timeline = parseInt(history[1]!, 16);
    return timeline > 0 ? { kind: 'history', timeline, compression } : null;
  }
  const backup = /^([0-9A-F]{24})\.([0-9A-F]{8})\.backup$/.exec(base);
  if (backup) {
    const segment = parseSegmentName(backup[1]!, segmentSizeBytes);
    return segment ? { kind: 'backup', segment, offset: parseInt(backup[2]!, 16), compression } : null;
  }
  return null;
}

export function historyFileName(timeline: number): string {
  return `${hex8(timeline)}.history`;
}
