import type { TimelineNode } from '../../shared/domain/wal-archive';
import { formatSegmentName, historyFileName, lsnFromBigInt, type Lsn } from '../../shared/domain/wal';
import { ArchiveIndex } from '../../electron/wal/archive-index';
import { archiveNamesOf } from '../../electron/retention/archive-names';
import type { RetentionCandidate } from '../../electron/retention/retention-candidate';
import type { RetentionInput } from '../../electron/retention/retention-engine';
import type { ArchiveFacts } from '../../electron/retention/wal-prune';

// Builders for the retention unit tests: backups and archives made in memory, so each test states
// exactly what exists. Integration tests use real clusters instead.

export const segmentSize = 16 * 1024 * 1024;

let counter = 0;

/** A backup id for an instant, as newBackupId() makes them. */
export function idAt(iso: string): string {
  counter += 1;
  return `${new Date(iso).toISOString().replace(/[-:.]/g, '')}-${(counter % 0xffffff).toString(16).padStart(6, '0')}`;
}

export function logical(startedAt: string, options: Partial<RetentionCandidate> = {}): RetentionCandidate {
  return {
    id: idAt(startedAt),
    kind: 'logical',
    status: 'complete',
    profileId: 'p1',
    startedAt: new Date(startedAt).toISOString(),
    startedMs: Date.parse(startedAt),
    totalBytes: 1000,
    database: 'shop',
    systemIdentifier: null,
    verified: false,
    damaged: false,
    base: null,
    ...options,
  };
}

/** An LSN `offset` bytes into segment `n` (log id 0). */
export function lsnIn(n: number, offset = 0x28): Lsn {
  return lsnFromBigInt(BigInt(n) * BigInt(segmentSize) + BigInt(offset));
}

/** A complete base backup of cluster 42 starting in segment `startSegment` and consistent one segment later. */
export function physical(
  startedAt: string,
  startSegment: number,
  options: { timeline?: number; usable?: boolean } & Partial<RetentionCandidate> = {},
): RetentionCandidate {
  const id = options.id ?? idAt(startedAt);
  const { timeline = 1, usable = true, ...rest } = options;
  return {
    ...logical(startedAt),
    id,
    kind: 'physical',
    database: null,
    systemIdentifier: '42',
    totalBytes: 50_000,
    base: {
      id,
      timeline,
      startLsn: lsnIn(startSegment),
      stopLsn: lsnIn(startSegment + 1, 0x100),
      stopTime: new Date(Date.parse(startedAt) + 60_000).toISOString(),
      walIncluded: true,
      usable,
    },
    ...rest,
  };
}

/**
 * An archive of cluster 42: per timeline the segment numbers present, forks as (child, parent,
 * fork segment), history files for every child, and one .backup file.
 */
export function archive(segments: Record<number, number[]>, forks: { timeline: number; parent: number; forkSegment: number }[] = []): ArchiveFacts {
  const index = new ArchiveIndex('/nonexistent/wal/42');
  const baseMs = Date.parse('2026-01-01T00:00:00Z');
  for (const [timeline, numbers] of Object.entries(segments)) {
    for (const n of numbers) {
      index.files.set(formatSegmentName({ timeline: Number(timeline), logId: 0, segId: n }), { sizeBytes: segmentSize, mtimeMs: baseMs + n * 60_000 });
    }
  }
  for (const fork of forks) index.files.set(historyFileName(fork.timeline), { sizeBytes: 42, mtimeMs: baseMs });
  index.files.set(`${formatSegmentName({ timeline: 1, logId: 0, segId: 1 })}.00000028.backup`, { sizeBytes: 300, mtimeMs: baseMs });
  const names = archiveNamesOf(index, segmentSize);
  const timelines: TimelineNode[] = [...new Set([1, ...Object.keys(segments).map(Number)])].map((timeline) => {
    const fork = forks.find((f) => f.timeline === timeline);
    const own = names.timelines.get(timeline)?.fileNames ?? [];
    return {
      timeline,
      parentTimeline: fork?.parent ?? null,
      forkLsn: fork ? lsnIn(fork.forkSegment, 0x2000) : null,
      reason: null,
      historyFile: fork ? historyFileName(timeline) : null,
      historyMissing: false,
      children: forks.filter((f) => f.parent === timeline).map((f) => f.timeline),
      segmentCount: own.length,
      sizeBytes: own.length * segmentSize,
      firstSegment: own[0] ?? null,
      lastSegment: own.at(-1) ?? null,
      endLsn: null,
      partialFiles: [],
    };
  });
  return { systemIdentifier: '42', archiveDir: '/nonexistent/wal/42', names, timelines };
}

export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

export function inputOf(overrides: Partial<RetentionInput> & Pick<RetentionInput, 'backups' | 'policy'>): RetentionInput {
  return {
    profile: { id: 'p1', name: 'prod' },
    repositoryDir: '/repo',
    timeZone: 'UTC',
    now: new Date('2026-03-15T12:00:00Z'),
    otherBaseBackups: [],
    pins: [],
    beingRestored: new Set(),
    archives: [],
    unreadable: [],
    ...overrides,
  };
}
