import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TimelineHistoryEntry, TimelineNode } from '../../shared/domain/wal-archive';
import type { ArchiveListing } from './archive-listing';
import { parseTimelineHistory } from './timeline-history';

/**
 * The archive's timelines as a tree: each timeline's parent and fork point come from its own
 * history file (its last line). A timeline above 1 without a history file is marked, because
 * recovery onto it (or past it) fetches that file first and stops without it.
 */
export async function buildTimelineTree(listing: ArchiveListing): Promise<TimelineNode[]> {
  const timelines = new Set<number>([...listing.byTimeline.keys(), ...listing.historyFiles.keys(), ...listing.partials.map((p) => p.segment.timeline)]);
  const histories = new Map<number, TimelineHistoryEntry[]>();
  for (const [timeline, fileName] of listing.historyFiles) {
    const text = await readFile(join(listing.archiveDir, fileName), 'utf8').catch(() => null);
    if (text !== null) histories.set(timeline, parseTimelineHistory(text));
    // Ancestors named in a history file are timelines of this cluster even without files here.
    for (const entry of histories.get(timeline) ?? []) timelines.add(entry.parentTimeline);
  }
  const nodes = new Map<number, TimelineNode>();
  for (const timeline of [...timelines].sort((a, b) => a - b)) {
    const parent = histories.get(timeline)?.at(-1) ?? null;
    const segments = listing.byTimeline.get(timeline) ?? [];
    nodes.set(timeline, {
      timeline,
      parentTimeline: parent?.parentTimeline ?? null,
      forkLsn: parent?.forkLsn ?? null,
      reason: parent?.reason ?? null,
      historyFile: listing.historyFiles.get(timeline) ?? null,
      historyMissing: timeline > 1 && !histories.has(timeline),
      children: [],
      segmentCount: segments.length,
      sizeBytes: segments.reduce((sum, segment) => sum + segment.sizeBytes, 0),
      firstSegment: segments[0]?.name ?? null,
      lastSegment: segments.at(-1)?.name ?? null,
      endLsn: segments.at(-1)?.endLsn ?? null,
      partialFiles: listing.partials.filter((p) => p.segment.timeline === timeline).map((p) => p.fileName),
    });
  }
  for (const node of nodes.values()) {
    if (node.parentTimeline !== null) nodes.get(node.parentTimeline)?.children.push(node.timeline);
  }
  return [...nodes.values()];
}

/** The timelines from `timeline` up to its root, nearest first (itself included). */
export function ancestry(nodes: readonly TimelineNode[], timeline: number): number[] {
  const byTimeline = new Map(nodes.map((node) => [node.timeline, node]));
  const chain: number[] = [];
  let current: number | null = timeline;
  while (current !== null && !chain.includes(current)) {
    chain.push(current);
    current = byTimeline.get(current)?.parentTimeline ?? null;
  }
  return chain;
}
