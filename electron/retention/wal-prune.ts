import type { TimelineNode } from '../../shared/domain/wal-archive';
import type { WalPrunePlan, WalTimelinePrune } from '../../shared/domain/retention';
import type { ArchiveNames } from './archive-names';
import { coverageOf, describeCoverage, firstUncovered, type BaseBackupWal, type Coverage, type WalReachIndex } from './wal-reach';

/** One cluster's archive as retention reads it. */
export interface ArchiveFacts {
  systemIdentifier: string;
  archiveDir: string;
  names: ArchiveNames;
  timelines: TimelineNode[];
}

/** Where a timeline's kept WAL starts: segments numbered below `keepFrom` go (Infinity: all of them). */
export interface TimelineCutoff {
  keepFrom: number;
  why: string;
}

const sampleSize = 20;

function timelinesOf(names: ArchiveNames): number[] {
  return [...new Set([...names.timelines.keys(), ...names.extraFiles.map((file) => file.timeline)])].sort((a, b) => a - b);
}

/**
 * The cutoff on each timeline for a set of kept base backups: the first segment any of them needs
 * there (its start on its own timeline, the fork's segment on a child timeline it replays into).
 * A timeline no kept backup replays into is pruned whole, but for the newest one, which the server
 * may still be writing (a backup being taken now needs it): there pg_archivecleanup's rule holds,
 * everything from the oldest kept backup's position on is kept.
 */
export function walCutoffs(index: WalReachIndex, facts: ArchiveFacts, kept: readonly BaseBackupWal[]): Map<number, TimelineCutoff> {
  const cutoffs = new Map<number, TimelineCutoff>();
  const timelines = timelinesOf(facts.names);
  if (kept.length === 0) {
    for (const timeline of timelines)
      cutoffs.set(timeline, { keepFrom: 0, why: 'no base backup of this cluster is kept, so no archived WAL can be called unneeded' });
    return cutoffs;
  }
  const needs = new Map<number, { from: number; backupId: string; own: boolean }>();
  let oldest: { from: number; backupId: string } | null = null;
  for (const backup of kept) {
    for (const part of index.reach(backup)) {
      const known = needs.get(part.timeline);
      if (!known || part.needsFrom < known.from)
        needs.set(part.timeline, { from: part.needsFrom, backupId: backup.id, own: part.timeline === backup.timeline });
    }
    const start = index.segmentOf(backup.startLsn, backup.timeline);
    if (!oldest || start < oldest.from) oldest = { from: start, backupId: backup.id };
  }
  const newest = Math.max(...timelines, ...facts.timelines.map((node) => node.timeline));
  for (const timeline of timelines) {
    const need = needs.get(timeline);
    if (need) {
      cutoffs.set(timeline, {
        keepFrom: need.from,
        why: need.own
          ? `kept from the start of ${need.backupId}, the oldest kept base backup on it`
          : `kept from its fork, which ${need.backupId} replays into`,
      });
    } else if (timeline === newest) {
      cutoffs.set(timeline, {
        keepFrom: oldest!.from,
        why: `no kept base backup replays into it yet (it is the newest timeline): kept from the position of ${oldest!.backupId}`,
      });
    } else {
      cutoffs.set(timeline, { keepFrom: Number.POSITIVE_INFINITY, why: 'no kept base backup replays into this timeline' });
    }
  }
  return cutoffs;
}

/**
 * The first segment that was recoverable, stays in the archive, and would no longer be reachable
 * from any kept base backup: a hole the plan would open in the recoverable window. Stretches before
 * the oldest kept backup's reach are not holes: the window's start moves forward with the plan.
 */
export function windowGap(
  index: WalReachIndex,
  before: Coverage,
  kept: readonly BaseBackupWal[],
  cutoffs: Map<number, TimelineCutoff>,
): { timeline: number; segment: number } | null {
  const after = coverageOf(index, kept);
  for (const [timeline, ranges] of before) {
    const cutoff = cutoffs.get(timeline)?.keepFrom ?? 0;
    if (cutoff === Number.POSITIVE_INFINITY) continue;
    const afterRanges = after.get(timeline) ?? [];
    const floor = Math.max(cutoff, afterRanges[0]?.[0] ?? cutoff);
    const segment = firstUncovered(ranges, afterRanges, floor);
    if (segment !== null) return { timeline, segment };
  }
  return null;
}

/** The files a set of cutoffs prunes, oldest first on each timeline, and the plan as shown. */
export function walPrunePlan(
  index: WalReachIndex,
  facts: ArchiveFacts,
  cutoffs: Map<number, TimelineCutoff>,
  windows: { before: Coverage; after: Coverage; usable: readonly BaseBackupWal[]; kept: readonly BaseBackupWal[] },
  notes: string[],
): { plan: WalPrunePlan; files: string[] } {
  const { names } = facts;
  const files: string[] = [];
  const perTimeline = new Map<number, WalTimelinePrune>();
  let bytesPruned = 0;
  const entryOf = (timeline: number) => {
    let entry = perTimeline.get(timeline);
    if (!entry) {
      entry = { timeline, keepFrom: null, prunedCount: 0, prunedBytes: 0, keptCount: 0, why: cutoffs.get(timeline)?.why ?? '' };
      perTimeline.set(timeline, entry);
    }
    return entry;
  };
  const weigh = (timeline: number, number: number, fileName: string, sizeBytes: number, isSegment: boolean) => {
    const entry = entryOf(timeline);
    if (number < (cutoffs.get(timeline)?.keepFrom ?? 0)) {
      files.push(fileName);
      entry.prunedCount += 1;
      entry.prunedBytes += sizeBytes;
      bytesPruned += sizeBytes;
    } else {
      entry.keptCount += 1;
      if (isSegment && entry.keepFrom === null) entry.keepFrom = fileName.slice(0, 24);
    }
  };
  for (const [timeline, list] of names.timelines) {
    for (let i = 0; i < list.numbers.length; i++) weigh(timeline, list.numbers[i]!, list.fileNames[i]!, list.sizes[i]!, true);
  }
  for (const extra of names.extraFiles) weigh(extra.timeline, extra.number, extra.fileName, extra.sizeBytes, false);
  files.sort();
  return {
    plan: {
      systemIdentifier: facts.systemIdentifier,
      archiveDir: facts.archiveDir,
      segmentsPruned: files.length,
      bytesPruned,
      firstPruned: files[0] ?? null,
      lastPruned: files.at(-1) ?? null,
      sample: files.slice(0, sampleSize),
      timelines: [...perTimeline.values()].sort((a, b) => a.timeline - b.timeline),
      historyAndBackupFilesKept: names.historyFiles + names.backupFiles,
      windowBefore: describeCoverage(index, windows.before, windows.usable),
      windowAfter: describeCoverage(index, windows.after, windows.kept),
      notes,
    },
    files,
  };
}
