import { open } from 'node:fs/promises';
import { isValidWalSegmentSize } from '../../shared/domain/wal';

/**
 * What the first page of a WAL segment says about where it comes from: the long page header
 * (XLogLongPageHeaderData in src/include/access/xlog_internal.h) carries the cluster's system
 * identifier and the segment size, so a segment is attributed to its cluster without a server.
 *
 *   0 xlp_magic u16 · 2 xlp_info u16 · 4 xlp_tli u32 · 8 xlp_pageaddr u64 · 16 xlp_rem_len u32
 *   24 xlp_sysid u64 · 32 xlp_seg_size u32 · 36 xlp_xlog_blcksz u32
 */
export interface SegmentHeader {
  systemIdentifier: string;
  segmentSizeBytes: number;
  timeline: number;
  blockSizeBytes: number;
  /** XLOG_PAGE_MAGIC: changes with every major version whose WAL format changed. */
  magic: number;
  /** The major version that writes this magic, when known: pg_waldump must be that version. */
  majorVersion: number | null;
}

// src/include/access/xlog_internal.h, XLOG_PAGE_MAGIC per release.
const majorByMagic = new Map<number, number>([
  [0xd101, 12],
  [0xd106, 13],
  [0xd10d, 14],
  [0xd110, 15],
  [0xd113, 16],
  [0xd116, 17],
]);

const longHeaderBytes = 40;
// XLP_LONG_HEADER: set on the first page of every segment.
const xlpLongHeader = 0x0002;

/** Reads the header of an uncompressed segment file; null when it is not one (or is empty). */
export async function readSegmentHeader(path: string): Promise<SegmentHeader | null> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(longHeaderBytes);
    const { bytesRead } = await handle.read(buffer, 0, longHeaderBytes, 0);
    return bytesRead === longHeaderBytes ? parseSegmentHeader(buffer) : null;
  } finally {
    await handle.close();
  }
}

export function parseSegmentHeader(buffer: Buffer): SegmentHeader | null {
  // The header is in the byte order of the machine that wrote it; the segment size field, a
  // power of two, tells which one it is.
  for (const littleEndian of [true, false]) {
    const u16 = (offset: number) => (littleEndian ? buffer.readUInt16LE(offset) : buffer.readUInt16BE(offset));
    const u32 = (offset: number) => (littleEndian ? buffer.readUInt32LE(offset) : buffer.readUInt32BE(offset));
    const u64 = (offset: number) => (littleEndian ? buffer.readBigUInt64LE(offset) : buffer.readBigUInt64BE(offset));
    const segmentSizeBytes = u32(32);
    if (!isValidWalSegmentSize(segmentSizeBytes) || (u16(2) & xlpLongHeader) === 0) continue;
    const magic = u16(0);
    return {
      systemIdentifier: u64(24).toString(),
      segmentSizeBytes,
      timeline: u32(4),
      blockSizeBytes: u32(36),
      magic,
      majorVersion: majorByMagic.get(magic) ?? null,
    };
  }
  return null;
}
