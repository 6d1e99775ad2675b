import { readFile } from 'node:fs/promises';
import type { RetentionHistoryEntry } from '../../shared/domain/retention';
import { appendLineDurably } from '../repository/durable-fs';
import type { RepositoryLayout } from '../repository/layout';

/**
 * What each retention run did, in the repository (<repo>/retention-history.jsonl): one JSON line
 * per run, appended with one write and fsynced, so runs from the app, the CLI and a daemon sharing
 * the folder never interleave and a crash leaves at most a torn last line, which readers skip.
 */
export function appendRetentionHistory(layout: RepositoryLayout, entry: RetentionHistoryEntry): Promise<void> {
  return appendLineDurably(layout.retentionHistoryFile, JSON.stringify(entry));
}

/** The runs, newest first, optionally of one profile. */
export async function readRetentionHistory(layout: RepositoryLayout, options: { profileId?: string; limit?: number } = {}): Promise<RetentionHistoryEntry[]> {
  const text = await readFile(layout.retentionHistoryFile, 'utf8').catch(() => '');
  const entries: RetentionHistoryEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as RetentionHistoryEntry;
      if (!options.profileId || entry.profile?.id === options.profileId) entries.push(entry);
    } catch {
      // A line torn by a crash mid-append: the runs before and after it are still read.
    }
  }
  return entries.reverse().slice(0, options.limit ?? 50);
}
