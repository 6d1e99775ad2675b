import { readFileSync, statSync, type Stats } from 'node:fs';
import type { RepositoryLayout } from '../repository/layout';
import { listBackupIds } from '../repository/manifest';
import { loadCatalogFile, saveCatalogFile, type CatalogEntry, type ManifestStamp } from './catalog-file';
import { candidateOf, retentionManifestSchema, type RetentionCandidate } from './retention-candidate';

export interface RepositoryBackups {
  candidates: RetentionCandidate[];
  /** Manifests that cannot be read, with why: retention never deletes them. */
  unreadable: { id: string; problem: string }[];
  /** How many manifests were read, and how many candidates came from the catalog (their manifest unchanged). */
  manifestsRead: number;
  fromCatalog: number;
}

/**
 * Candidates already read, per repository, kept while each manifest's stat is unchanged. The
 * first read in a process starts from the repository's saved catalog (catalog-file.ts), so a
 * fresh `tidemark retention plan` reads one file and stats the manifests instead of reading
 * 10,000 of them; a scheduled retention after every backup reads only the new manifest.
 */
const catalogs = new Map<string, Map<string, CatalogEntry>>();

// A manifest changed this recently may change again within its mtime's granularity (1-2 s on
// some filesystems) without its stat showing it: read it again next time rather than trust a
// stamp (git's "racily clean" entries, Documentation/technical/racy-git.txt).
const racyWithinMs = 3_000;
// Synchronous stats and reads in slices, yielding between them: on a warm disk the sync calls
// are several times faster than the promise API (which queues every open, stat, read and close
// through the thread pool), and the yields keep the main process responsive.
const sliceSize = 500;

/**
 * Every backup in the repository as retention sees it (folders being written or deleted are not
 * backups). `nowMs` is the wall clock the manifests' times are compared with (not a scheduler's
 * clock: file times are real time).
 */
export async function readRepositoryBackups(layout: RepositoryLayout, nowMs: () => number = Date.now): Promise<RepositoryBackups> {
  const [ids, known] = await Promise.all([listBackupIds(layout), catalogOf(layout)]);
  const catalog = new Map<string, CatalogEntry>();
  const result: RepositoryBackups = { candidates: [], unreadable: [], manifestsRead: 0, fromCatalog: 0 };
  const now = nowMs();
  let changed = known.saved === false;
  for (let start = 0; start < ids.length; start += sliceSize) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    for (const id of ids.slice(start, start + sliceSize)) {
      const item = readCandidate(layout, id, known.entries.get(id), now);
      if ('problem' in item || item.entry !== known.entries.get(id)) result.manifestsRead += 1;
      else result.fromCatalog += 1;
      if ('problem' in item) {
        result.unreadable.push({ id, problem: item.problem });
        changed ||= known.entries.has(id);
        continue;
      }
      result.candidates.push(item.entry.candidate);
      if (item.entry !== known.entries.get(id)) changed = true;
      if (item.trusted) catalog.set(id, item.entry);
    }
  }
  // A backup deleted since: its entry goes.
  if (catalog.size !== known.entries.size) changed = true;
  catalogs.set(layout.root, catalog);
  if (changed) await saveCatalogFile(layout.retentionCatalogFile, catalog.values());
  return result;
}

/** Drops the in-memory catalog of a repository: the next read starts from its file, as a new process would. */
export function forgetBackupCatalog(root: string): void {
  catalogs.delete(root);
}

async function catalogOf(layout: RepositoryLayout): Promise<{ entries: Map<string, CatalogEntry>; saved: boolean }> {
  const inMemory = catalogs.get(layout.root);
  if (inMemory) return { entries: inMemory, saved: true };
  const saved = await loadCatalogFile(layout.retentionCatalogFile);
  return { entries: saved ?? new Map(), saved: saved !== null };
}

function stampOf(info: Stats): ManifestStamp {
  return { ino: info.ino, sizeBytes: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs };
}

function sameStamp(a: ManifestStamp, b: ManifestStamp): boolean {
  return a.ino === b.ino && a.sizeBytes === b.sizeBytes && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}

/**
 * The candidate of one backup: the catalog's while the manifest's stat matches, else read from
 * the manifest (stat first, so a change during the read shows as a different stat next time).
 * `trusted`: the stamp may be kept (the manifest is not so new that its stat could lag behind it).
 */
function readCandidate(
  layout: RepositoryLayout,
  id: string,
  known: CatalogEntry | undefined,
  nowMs: number,
): { entry: CatalogEntry; trusted: boolean } | { problem: string } {
  const file = layout.manifestFile(id);
  try {
    const stamp = stampOf(statSync(file));
    const trusted = nowMs - Math.max(stamp.mtimeMs, stamp.ctimeMs) >= racyWithinMs;
    if (known && sameStamp(known.stamp, stamp)) return { entry: known, trusted };
    const parsed = retentionManifestSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { problem: `${file} is not a manifest Tidemark can read (${issue ? `${issue.path.join('.') || 'manifest'}: ${issue.message}` : 'invalid'})` };
    }
    if (parsed.data.id !== id) return { problem: `${file} names backup ${parsed.data.id}, not ${id}` };
    return { entry: { stamp, candidate: candidateOf(parsed.data) }, trusted };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}
