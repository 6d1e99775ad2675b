import type { TimelineHistoryEntry } from '../../shared/domain/wal-archive';
import { parseLsn } from '../../shared/domain/wal';

/**
 * A timeline history file (NNNNNNNN.history) lists every ancestor of timeline N, one line each:
 * "parentTLI <tab> switchpoint LSN <tab> reason". Comments start with #
 * (src/backend/access/transam/timeline.c, readTimeLineHistory). The last line is the direct parent.
 */
export function parseTimelineHistory(text: string): TimelineHistoryEntry[] {
  const entries: TimelineHistoryEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^(\d+)\s+([0-9A-Fa-f]+\/[0-9A-Fa-f]+)\s*(.*)$/.exec(line);
    if (!match) continue;
    const forkLsn = parseLsn(match[2]!);
    if (!forkLsn) continue;
    entries.push({ parentTimeline: Number(match[1]), forkLsn, reason: match[3]!.trim() });
  }
  return entries;
}
