import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import type { BackupPoints } from '../../shared/domain/physical';
import { TidemarkError } from '../../shared/domain/errors';
import { formatSegmentName, lsnToBigInt, parseLsn, segmentForLsn, type Lsn } from '../../shared/domain/wal';
import { parseBackupLabel, type BackupLabel } from '../wal/backup-label';

/** One WAL range of PostgreSQL's backup_manifest ("WAL-Ranges"): what replay of this backup needs. */
export interface ManifestWalRange {
  timeline: number;
  startLsn: Lsn;
  endLsn: Lsn;
}

/**
 * The WAL ranges at the end of backup_manifest. The manifest lists every file first and can be
 * tens of megabytes for a large cluster; the ranges sit in its last lines, so only the tail is read.
 */
export async function readManifestWalRanges(manifestPath: string): Promise<ManifestWalRange[]> {
  const handle = await open(manifestPath, 'r');
  let tail: string;
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    tail = buffer.toString('utf8');
  } finally {
    await handle.close();
  }
  const ranges: ManifestWalRange[] = [];
  const section = tail.slice(tail.lastIndexOf('"WAL-Ranges"'));
  for (const match of section.matchAll(/\{\s*"Timeline":\s*(\d+),\s*"Start-LSN":\s*"([0-9A-F]+\/[0-9A-F]+)",\s*"End-LSN":\s*"([0-9A-F]+\/[0-9A-F]+)"\s*\}/g)) {
    ranges.push({ timeline: Number(match[1]), startLsn: parseLsn(match[2]!)!, endLsn: parseLsn(match[3]!)! });
  }
  if (ranges.length === 0) throw new TidemarkError('tool_failed', `${manifestPath} has no WAL-Ranges section.`);
  return ranges;
}

/** The `.backup` history file name the server archives for a backup that started at `startLsn`. */
export function backupHistoryFileName(startLsn: Lsn, timeline: number, segmentSizeBytes: number): string {
  const offset = Number(lsnToBigInt(startLsn) % BigInt(segmentSizeBytes));
  return `${formatSegmentName(segmentForLsn(startLsn, timeline, segmentSizeBytes))}.${offset.toString(16).toUpperCase().padStart(8, '0')}.backup`;
}

/**
 * backup_label from the backup itself: a file in a plain backup; the first member of base.tar
 * (PostgreSQL sends it first), read from an uncompressed or gzip-compressed tar. lz4 and zstd
 * tars are not opened here: the archive's history file or Tidemark's clock gives the times.
 */
export async function readBackupLabelFromBackup(dataDir: string, format: 'tar' | 'plain', files: readonly string[]): Promise<BackupLabel | null> {
  if (format === 'plain') return parseBackupLabel(await readFile(join(dataDir, 'backup_label'), 'utf8').catch(() => ''));
  const tar = files.find((name) => name === 'base.tar' || name === 'base.tar.gz');
  if (!tar) return null;
  const head = await readHead(join(dataDir, tar), tar.endsWith('.gz'), 16 * 1024);
  return parseBackupLabel(firstTarMember(head, 'backup_label') ?? '');
}

async function readHead(path: string, gzip: boolean, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  const source = createReadStream(path, gzip ? {} : { end: bytes - 1 });
  const stream = gzip ? source.pipe(createGunzip()) : source;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      total += (chunk as Buffer).length;
      if (total >= bytes) break;
    }
  } catch {
    // A short or damaged file: whatever was read is parsed below.
  } finally {
    source.destroy();
  }
  return Buffer.concat(chunks);
}

/** A ustar member's contents by name, when it lies within `buffer`. */
function firstTarMember(buffer: Buffer, wanted: string): string | null {
  let offset = 0;
  while (offset + 512 <= buffer.length) {
    const name = buffer.toString('utf8', offset, offset + 100).replace(/\0.*$/s, '');
    if (name === '') return null;
    const size = parseInt(
      buffer
        .toString('utf8', offset + 124, offset + 136)
        .replace(/\0.*$/s, '')
        .trim() || '0',
      8,
    );
    if (name === wanted) return buffer.toString('utf8', offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return null;
}

export interface PointsSources {
  ranges: ManifestWalRange[];
  /** The archive's `.backup` file, when archiving put it there. */
  historyFile: BackupLabel | null;
  label: BackupLabel | null;
  /** Tidemark's clock just before pg_basebackup started and just after it ended. */
  clock: { startedAt: Date; endedAt: Date };
}

/**
 * Start and stop LSN and timeline from backup_manifest (PostgreSQL's own record of the WAL the
 * backup needs); times from the server's records when they can be read unambiguously (the
 * history file has both, backup_label only the start), else from Tidemark's clock around the tool.
 */
export function backupPoints(sources: PointsSources): BackupPoints {
  const first = sources.ranges[0]!;
  const last = sources.ranges.at(-1)!;
  const history = sources.historyFile;
  if (history?.startTime && history.stopTime) {
    return points(first, last, history.checkpointLsn, history.startTime, history.stopTime, 'backup-history-file');
  }
  if (sources.label?.startTime) {
    return points(first, last, sources.label.checkpointLsn, sources.label.startTime, sources.clock.endedAt.toISOString(), 'backup-label');
  }
  return points(
    first,
    last,
    sources.label?.checkpointLsn ?? null,
    sources.clock.startedAt.toISOString(),
    sources.clock.endedAt.toISOString(),
    'tidemark-clock',
  );
}

function points(
  first: ManifestWalRange,
  last: ManifestWalRange,
  checkpointLsn: Lsn | null,
  startTime: string,
  stopTime: string,
  timeSource: BackupPoints['timeSource'],
): BackupPoints {
  return { startLsn: first.startLsn, stopLsn: last.endLsn, checkpointLsn, timeline: first.timeline, startTime, stopTime, timeSource };
}
