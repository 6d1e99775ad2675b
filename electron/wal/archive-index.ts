import { lstatSync } from 'node:fs';
import { opendir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WalScanStats } from '../../shared/domain/wal-archive';

/**
 * The WAL folder's file list, kept between scans so an archive of 100,000 segments lists fast.
 * A scan reads the folder's names (one readdir) and stats only what may have changed: new names,
 * the newest segments (a `.partial` or a segment still being renamed into place) and anything
 * written lately. Everything else is taken from the index: each name with its size and mtime.
 * A full scan (`full: true`) stats every file, to catch a segment truncated or replaced in place.
 *
 * The index is persisted as <archiveDir>/.tidemark-index.json (best effort: a folder Tidemark may
 * not write still lists, only more slowly next time). Derived facts about a segment (its commit
 * times from pg_waldump) are cached in the same file under the same key, and dropped when the
 * file's size or mtime changes.
 */
export const indexFileName = '.tidemark-index.json';

const indexVersion = 3;
// Files modified this recently are statted again on every scan: they may still be changing.
const recentMs = 10 * 60_000;
// The newest names are statted again whatever their age: the head of the archive moves.
const newestRestatted = 32;

export interface IndexedFile {
  sizeBytes: number;
  mtimeMs: number;
}

/** Facts derived from a file's contents, valid while its size and mtime stay the same. */
export interface SegmentCommitFacts {
  sizeBytes: number;
  mtimeMs: number;
  firstCommit: { lsn: string; time: string; xid: number } | null;
  lastCommit: { lsn: string; time: string; xid: number } | null;
  commitCount: number;
  abortCount: number;
  readProblem: string | null;
}

/**
 * On disk: one JSON line of header (version, commit facts), then one JSON line of the file list
 * as three arrays (names, sizes, mtimes) in the folder's order: arrays parse three times faster
 * than a line per file, and ten times faster than a JSON object of 100,000 keys.
 */
interface IndexHeader {
  version: number;
  scannedAt: string;
  commits: Record<string, SegmentCommitFacts>;
}

/**
 * The file list without a map: parallel arrays in the order of the folder's last listing. A new
 * process loads it and compares it with the folder position by position (the names come back in
 * the same order while the folder is unchanged, and nearly so after a few files came and went),
 * which costs a tenth of building and probing a map of 200,000 names.
 */
interface FileList {
  names: string[];
  sizes: number[];
  mtimesMs: number[];
}

// A name of the listing that is not at the saved list's position is looked for this many places
// ahead (files removed since); past that it is resolved through a map of what was not matched.
const lookAhead = 8;

export class ArchiveIndex {
  readonly commits = new Map<string, SegmentCommitFacts>();
  dirMtimeMs = -1;
  lastScan: WalScanStats | null = null;
  /** Bumped whenever the file list changes: what is derived from it can be reused until then. */
  generation = 0;
  private dirty = false;
  // Exactly one of the two holds the file list: the map once someone asks for it by name.
  private map: Map<string, IndexedFile> | null = null;
  private list: FileList | null = { names: [], sizes: [], mtimesMs: [] };

  constructor(readonly archiveDir: string) {}

  /** The files by name (built from the list on first use: planning over the list alone never needs it). */
  get files(): Map<string, IndexedFile> {
    if (!this.map) {
      const map = new Map<string, IndexedFile>();
      const list = this.list!;
      for (let i = 0; i < list.names.length; i++) map.set(list.names[i]!, { sizeBytes: list.sizes[i]!, mtimeMs: list.mtimesMs[i]! });
      this.map = map;
      this.list = null;
    }
    return this.map;
  }

  get fileCount(): number {
    return this.map ? this.map.size : this.list!.names.length;
  }

  /** Every file with its size and mtime, in the index's order, without building the map. */
  forEachFile(visit: (name: string, sizeBytes: number, mtimeMs: number) => void): void {
    if (this.map) {
      for (const [name, file] of this.map) visit(name, file.sizeBytes, file.mtimeMs);
      return;
    }
    const { names, sizes, mtimesMs } = this.list!;
    for (let i = 0; i < names.length; i++) visit(names[i]!, sizes[i]!, mtimesMs[i]!);
  }

  /** The cached facts of a file, when the file is unchanged since they were taken. */
  commitFacts(fileName: string): SegmentCommitFacts | undefined {
    const facts = this.commits.get(fileName);
    const file = this.files.get(fileName);
    return facts && file && facts.sizeBytes === file.sizeBytes && facts.mtimeMs === file.mtimeMs ? facts : undefined;
  }

  rememberCommitFacts(fileName: string, facts: SegmentCommitFacts): void {
    this.commits.set(fileName, facts);
    this.dirty = true;
  }

  private running: Promise<WalScanStats> | null = null;
  private savedAt: string | null = null;

  /** Loaded from an earlier session's file and not yet compared with the folder in this one. */
  get loadedButUnscanned(): boolean {
    return this.lastScan === null && this.savedAt !== null;
  }

  /**
   * For the first screen of a large archive: the saved listing at once (staleStats), while a scan
   * brings it up to date in the background (refreshInBackground; the next call sees its result).
   */
  staleStats(): WalScanStats {
    return {
      scannedAt: this.savedAt ?? new Date(0).toISOString(),
      elapsedMs: 0,
      filesSeen: this.fileCount,
      filesStatted: 0,
      fromCache: this.fileCount,
      refreshing: true,
    };
  }

  /** Starts a scan (and saves its result) without waiting for it. */
  refreshInBackground(): void {
    if (!this.running)
      void this.scan().then(
        () => this.save(),
        () => undefined,
      );
  }

  /** Brings the index up to date with the folder; concurrent calls share one scan. */
  async scan(options: { full?: boolean } = {}): Promise<WalScanStats> {
    while (this.running) {
      const current = this.running;
      const stats = await current.catch(() => null);
      if (!options.full && stats) return stats;
    }
    this.running = this.scanNow(options);
    try {
      return await this.running;
    } finally {
      this.running = null;
    }
  }

  private async scanNow(options: { full?: boolean }): Promise<WalScanStats> {
    const started = performance.now();
    const folder = await stat(this.archiveDir);
    let filesStatted: number;
    if (!options.full && folder.mtimeMs === this.dirMtimeMs && this.lastScan) {
      // No name was added, removed or renamed since the last scan; only the newest files can have grown.
      if (this.list) filesStatted = await this.restatPositions(newestPositions(this.list.names));
      else {
        const names = [...this.map!.keys()];
        filesStatted = await this.restat(
          newestPositions(names).map((i) => names[i]!),
          () => undefined,
        );
      }
    } else {
      const names = await readNames(this.archiveDir);
      const merged = mergeListing(this.listOf(), names);
      const now = Date.now();
      const toStat: number[] = [];
      for (let i = 0; i < names.length; i++) {
        if (options.full || !merged.known[i] || now - merged.list.mtimesMs[i]! < recentMs) toStat.push(i);
      }
      const chosen = new Set(toStat);
      for (const i of newestPositions(names)) if (!chosen.has(i)) toStat.push(i);
      if (merged.removed.length > 0 || merged.known.includes(false)) this.changed();
      // Saved in the folder's order, so the next process's listing matches it position by position.
      else if (merged.reordered) this.dirty = true;
      for (const name of merged.removed) if (this.commits.delete(name)) this.dirty = true;
      this.map = null;
      this.list = merged.list;
      filesStatted = await this.restatPositions(toStat);
      this.dirMtimeMs = folder.mtimeMs;
    }
    this.lastScan = {
      scannedAt: new Date().toISOString(),
      elapsedMs: Math.round(performance.now() - started),
      filesSeen: this.fileCount,
      filesStatted,
      fromCache: Math.max(0, this.fileCount - filesStatted),
    };
    return this.lastScan;
  }

  /** The file list as arrays (the map flattened in its order, when it was built). */
  private listOf(): FileList {
    if (!this.map) return this.list!;
    const list: FileList = { names: [], sizes: [], mtimesMs: [] };
    for (const [name, file] of this.map) {
      list.names.push(name);
      list.sizes.push(file.sizeBytes);
      list.mtimesMs.push(file.mtimeMs);
    }
    return list;
  }

  /** Loads the persisted index, if there is a readable one. */
  async load(): Promise<boolean> {
    const text = await readFile(join(this.archiveDir, indexFileName), 'utf8').catch(() => null);
    if (!text) return false;
    try {
      const newline = text.indexOf('\n');
      const header = JSON.parse(text.slice(0, newline)) as IndexHeader;
      if (header.version !== indexVersion) return false;
      const list = JSON.parse(text.slice(newline + 1)) as FileList;
      if (!isFileList(list)) return false;
      this.map = null;
      this.list = list;
      this.commits.clear();
      for (const [name, facts] of Object.entries(header.commits ?? {})) this.commits.set(name, facts);
      this.generation += 1;
      this.savedAt = header.scannedAt;
      // The folder's mtime is not trusted across processes: the next scan reads the names again.
      this.dirMtimeMs = -1;
      return true;
    } catch {
      return false;
    }
  }

  /** Writes the index when it changed (atomically; failures are ignored, the index is a cache). */
  async save(): Promise<void> {
    if (!this.dirty) return;
    const header: IndexHeader = { version: indexVersion, scannedAt: this.lastScan?.scannedAt ?? new Date().toISOString(), commits: {} };
    const list = this.listOf();
    if (this.commits.size > 0) {
      const known = this.map ?? new Set(list.names);
      for (const [name, facts] of this.commits) if (known.has(name)) header.commits[name] = facts;
    }
    const path = join(this.archiveDir, indexFileName);
    const temporary = `${path}.${process.pid}.tmp`;
    try {
      // Writing the index changes the folder's mtime: when nothing else had changed it since the
      // scan, the scan's shortcut (same mtime, same names) still holds afterwards.
      const unchangedSinceScan = (await stat(this.archiveDir)).mtimeMs === this.dirMtimeMs;
      await writeFile(temporary, `${JSON.stringify(header)}\n${JSON.stringify(list)}`);
      await rename(temporary, path);
      if (unchangedSinceScan) this.dirMtimeMs = (await stat(this.archiveDir)).mtimeMs;
      this.dirty = false;
    } catch {
      // A read-only archive folder: keep the index in memory only.
    }
  }

  /** Forgets a file Tidemark itself removed (WAL cleanup). */
  forget(name: string): void {
    if (this.files.delete(name)) this.changed();
    if (this.commits.delete(name)) this.dirty = true;
  }

  private changed(): void {
    this.dirty = true;
    this.generation += 1;
  }

  /**
   * Synchronous lstat in slices, yielding between them: on a warm folder lstatSync is about three
   * times faster than the promise API (which queues every call through the thread pool), and the
   * yields keep the main process responsive during a scan of 100,000 files.
   */
  private async restat(names: string[], onMissing: (name: string) => void): Promise<number> {
    await inSlices(names, (name) => {
      const info = lstatSync(join(this.archiveDir, name), { throwIfNoEntry: false });
      if (!info || !info.isFile()) {
        onMissing(name);
        return;
      }
      const known = this.files.get(name);
      if (!known || known.sizeBytes !== info.size || known.mtimeMs !== info.mtimeMs) {
        this.files.set(name, { sizeBytes: info.size, mtimeMs: info.mtimeMs });
        this.changed();
      }
    });
    return names.length;
  }

  /**
   * restat() of the list's entries at these positions; a file gone (or not a file) leaves the list.
   * Someone may ask for the map between two slices: from then on the changes go to the map.
   */
  private async restatPositions(positions: number[]): Promise<number> {
    const list = this.list!;
    const gone = new Set<number>();
    await inSlices(positions, (i) => {
      const name = list.names[i]!;
      const info = lstatSync(join(this.archiveDir, name), { throwIfNoEntry: false });
      const inList = this.list === list;
      if (!info || !info.isFile()) {
        if (inList) gone.add(i);
        else this.forget(name);
        return;
      }
      if (!inList) {
        const known = this.files.get(name);
        if (known && known.sizeBytes === info.size && known.mtimeMs === info.mtimeMs) return;
        this.files.set(name, { sizeBytes: info.size, mtimeMs: info.mtimeMs });
        this.changed();
      } else if (list.sizes[i] !== info.size || list.mtimesMs[i] !== info.mtimeMs) {
        list.sizes[i] = info.size;
        list.mtimesMs[i] = info.mtimeMs;
        this.changed();
      }
    });
    if (gone.size > 0) {
      if (this.list !== list) {
        for (const i of gone) this.forget(list.names[i]!);
        return positions.length;
      }
      // The scan may run again before anyone asks by name: keep the list, without the files gone.
      const kept: FileList = { names: [], sizes: [], mtimesMs: [] };
      for (let i = 0; i < list.names.length; i++) {
        if (gone.has(i)) {
          this.commits.delete(list.names[i]!);
          continue;
        }
        kept.names.push(list.names[i]!);
        kept.sizes.push(list.sizes[i]!);
        kept.mtimesMs.push(list.mtimesMs[i]!);
      }
      this.list = kept;
      this.changed();
    }
    return positions.length;
  }
}

function isFileList(value: FileList): boolean {
  const { names, sizes, mtimesMs } = value ?? {};
  if (!Array.isArray(names) || !Array.isArray(sizes) || !Array.isArray(mtimesMs)) return false;
  if (sizes.length !== names.length || mtimesMs.length !== names.length) return false;
  for (let i = 0; i < names.length; i++) {
    if (typeof names[i] !== 'string' || typeof sizes[i] !== 'number' || typeof mtimesMs[i] !== 'number') return false;
  }
  return true;
}

async function inSlices<T>(items: readonly T[], visit: (item: T) => void): Promise<void> {
  const slice = 2_000;
  for (let start = 0; start < items.length; start += slice) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const end = Math.min(items.length, start + slice);
    for (let i = start; i < end; i++) visit(items[i]!);
  }
}

/**
 * The folder's names (in the folder's order) joined with what the saved list knows of them:
 * position by position while the two agree, a short look ahead for files removed since, and a
 * map of the unmatched rest for anything else (a folder listed in another order costs a map
 * again, never a wrong answer).
 */
export function mergeListing(saved: FileList, names: string[]): { list: FileList; known: boolean[]; removed: string[]; reordered: boolean } {
  const count = names.length;
  const list: FileList = { names, sizes: new Array<number>(count).fill(0), mtimesMs: new Array<number>(count).fill(0) };
  const known = new Array<boolean>(count).fill(false);
  const matched = new Uint8Array(saved.names.length);
  const unmatched: number[] = [];
  let reordered = count !== saved.names.length;
  let j = 0;
  for (let i = 0; i < count; i++) {
    const name = names[i]!;
    let at = -1;
    for (let k = j; k < Math.min(j + lookAhead, saved.names.length); k++) {
      if (saved.names[k] === name) {
        at = k;
        break;
      }
    }
    if (at < 0) {
      unmatched.push(i);
      continue;
    }
    if (at !== i) reordered = true;
    matched[at] = 1;
    list.sizes[i] = saved.sizes[at]!;
    list.mtimesMs[i] = saved.mtimesMs[at]!;
    known[i] = true;
    j = at + 1;
  }
  if (unmatched.length > 0) {
    reordered = true;
    const rest = new Map<string, number>();
    for (let k = 0; k < saved.names.length; k++) if (!matched[k]) rest.set(saved.names[k]!, k);
    for (const i of unmatched) {
      const at = rest.get(names[i]!);
      if (at === undefined) continue;
      matched[at] = 1;
      list.sizes[i] = saved.sizes[at]!;
      list.mtimesMs[i] = saved.mtimesMs[at]!;
      known[i] = true;
    }
  }
  const removed: string[] = [];
  for (let k = 0; k < saved.names.length; k++) if (!matched[k]) removed.push(saved.names[k]!);
  return { list, known, removed, reordered };
}

/**
 * The positions of the largest names (segment names sort by timeline then position, so the
 * newest of each kind sort last). The few largest are kept as they pass: sorting 200,000 names to
 * take 32 cost a third of a scan.
 */
function newestPositions(names: readonly string[]): number[] {
  const newest: number[] = [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (newest.length === newestRestatted && name <= names[newest[0]!]!) continue;
    let at = newest.length;
    while (at > 0 && names[newest[at - 1]!]! > name) at -= 1;
    newest.splice(at, 0, i);
    if (newest.length > newestRestatted) newest.shift();
  }
  return newest;
}

/** Every regular-looking name in the folder but our own bookkeeping files, in the folder's order. */
async function readNames(dir: string): Promise<string[]> {
  const names: string[] = [];
  // readSync() from a 1024-entry buffer, yielding after each refill: twice as fast as awaiting
  // read() for each of 200,000 entries, and each slice blocks the main process for a millisecond
  // or so (readdir() instead builds one huge array, and readdirSync blocks for the whole folder).
  const handle = await opendir(dir, { bufferSize: 1024 });
  try {
    for (let entry = handle.readSync(), count = 1; entry !== null; entry = handle.readSync(), count++) {
      if (count % 1024 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      if (entry.name === indexFileName || entry.name.startsWith(`${indexFileName}.`) || entry.isDirectory()) continue;
      names.push(entry.name);
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
  return names;
}

const indexes = new Map<string, ArchiveIndex>();

/** Drops the in-memory index of a folder: the next open loads it from disk, as a new process would. */
export function forgetArchiveIndex(archiveDir: string): void {
  indexes.delete(archiveDir);
}

/** The process-wide index of one WAL folder, loaded from disk the first time. */
export async function archiveIndexFor(archiveDir: string): Promise<ArchiveIndex> {
  let index = indexes.get(archiveDir);
  if (!index) {
    index = new ArchiveIndex(archiveDir);
    await index.load();
    indexes.set(archiveDir, index);
  }
  return index;
}
