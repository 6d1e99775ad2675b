import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobProgress } from '../../shared/domain/job';
import type { CatalogTable } from './database-catalog';
import { formatBytes } from '../../shared/format/bytes';

/** Bytes under a path: a file's size, or a folder's files summed (the directory format). */
export async function sizeOnDisk(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.size;
  let total = 0;
  for (const entry of await readdir(path, { withFileTypes: true }).catch(() => [])) total += await sizeOnDisk(join(path, entry.name));
  return total;
}

// pg_dump --verbose announces each table's data as it starts it (serially), or each finished
// item with -j: https://github.com/postgres/postgres/blob/REL_15_STABLE/src/bin/pg_dump/pg_dump.c
const startedTable = /^pg_dump: dumping contents of table "(.*)"$/;
const finishedItem = /^pg_dump: finished item \d+ TABLE DATA (.*)$/;

/**
 * Dump progress from what can be observed: pg_dump's verbose lines (which table it is on), the
 * size of what it has written, and the catalog's heap sizes as weights. The fraction is by data
 * size, so one huge table does not sit at "1 of 40 tables, 2%" for an hour.
 */
export class DumpProgress {
  private readonly weights = new Map<string, number>();
  /** Table name → "schema.name" keys: -j reports finished items by name alone. */
  private readonly keysByName = new Map<string, string[]>();
  private readonly totalWeight: number;
  private readonly seen = new Set<string>();
  private doneWeight = 0;
  private lastStarted: string | null = null;
  private objects = 0;
  private writtenBytes = 0;
  private readonly startedAtMs = Date.now();

  constructor(
    tables: readonly CatalogTable[],
    private readonly outputPath: string,
    private readonly databaseSizeBytes: number | null,
    private readonly parallel: boolean,
    private readonly prefix = '',
  ) {
    for (const table of tables) {
      if (!table.hasRows) continue;
      const key = `${table.schema}.${table.name}`;
      this.weights.set(key, Math.max(table.sizeBytes, 8192));
      this.keysByName.set(table.name, [...(this.keysByName.get(table.name) ?? []), key]);
    }
    this.totalWeight = [...this.weights.values()].reduce((sum, weight) => sum + weight, 0);
  }

  /** Feeds one stderr line of pg_dump --verbose. */
  onLine(line: string): void {
    if (line.startsWith('pg_dump: ')) this.objects += 1;
    const started = startedTable.exec(line)?.[1];
    if (started !== undefined) {
      // Serial: the previous table is finished when the next one starts.
      if (!this.parallel && this.lastStarted) this.finish(this.lastStarted);
      this.lastStarted = started;
      return;
    }
    const finished = finishedItem.exec(line)?.[1];
    if (finished !== undefined) {
      const key = (this.keysByName.get(finished) ?? []).find((candidate) => !this.seen.has(candidate));
      if (key) this.finish(key);
    }
  }

  private finish(key: string): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.doneWeight += this.weights.get(key) ?? 0;
  }

  /** Measures the output and returns the progress to show. */
  async sample(): Promise<JobProgress> {
    this.writtenBytes = await sizeOnDisk(this.outputPath);
    return this.current();
  }

  current(): JobProgress {
    const elapsedSeconds = Math.round((Date.now() - this.startedAtMs) / 1000);
    const fraction = this.totalWeight > 0 ? Math.min(0.99, this.doneWeight / this.totalWeight) : undefined;
    const parts = [
      `${this.seen.size} of ${this.weights.size} tables`,
      `${this.objects} objects`,
      `${formatBytes(this.writtenBytes)} written`,
      `${elapsedSeconds} s`,
      ...(this.databaseSizeBytes !== null ? [`database ${formatBytes(this.databaseSizeBytes)}`] : []),
    ];
    return {
      phase: 'dumping',
      ...(fraction !== undefined ? { fraction } : {}),
      doneBytes: this.writtenBytes,
      message: this.prefix + parts.join(' · '),
    };
  }
}
