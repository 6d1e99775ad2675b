import { appendFile, mkdir, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DeliveryHistoryEntry } from '../../shared/domain/notification';
import { writeFileAtomic } from '../repository/atomic-file';
import { parseJsonOrUndefined, readOptionalText } from './json-file';
import { serialized } from './serialized';

/** The history keeps the newest entries: once the file passes `maxBytes` it is cut back to its newest `keptEntries`. */
export interface HistoryBounds {
  maxBytes: number;
  keptEntries: number;
}

// An entry is 300 to 600 bytes: about 2,000 to 3,000 entries before a cut back to 1,000.
export const historyBounds: HistoryBounds = { maxBytes: 1024 * 1024, keptEntries: 1_000 };

/**
 * `<repo>/notifications/history.jsonl`: each attempt and its result, and each collapsed event,
 * one JSON object a line, appended (an append of one short line is whole even when two
 * processes append). Bounded: once too large, rewritten atomically with its newest lines.
 * Entries hold no secret: senders redact their details, addresses are masked.
 */
export class DeliveryHistory {
  constructor(
    private readonly file: string,
    private readonly bounds: HistoryBounds = historyBounds,
  ) {}

  append(entries: readonly DeliveryHistoryEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return serialized(this.file, async () => {
      await mkdir(dirname(this.file), { recursive: true });
      await appendFile(this.file, entries.map((entry) => JSON.stringify(entry) + '\n').join(''), 'utf8');
      // The size is checked at every append, the lines read only when it is time to cut.
      if ((await stat(this.file)).size <= this.bounds.maxBytes) return;
      const lines = await this.lines();
      await writeFileAtomic(this.file, lines.slice(-this.bounds.keptEntries).join('\n') + '\n');
    });
  }

  /** Newest first. */
  async list(limit: number): Promise<DeliveryHistoryEntry[]> {
    const lines = await this.lines();
    const entries: DeliveryHistoryEntry[] = [];
    for (let i = lines.length - 1; i >= 0 && entries.length < limit; i -= 1) {
      // A line cut short by a crash mid-append is skipped, not fatal.
      const entry = parseJsonOrUndefined(lines[i]!);
      if (typeof entry === 'object' && entry !== null && 'kind' in entry) entries.push(entry as DeliveryHistoryEntry);
    }
    return entries;
  }

  private async lines(): Promise<string[]> {
    const text = await readOptionalText(this.file);
    return text === null ? [] : text.split('\n').filter((line) => line.trim() !== '');
  }
}
