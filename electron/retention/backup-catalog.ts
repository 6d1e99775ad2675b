import { readFileSync, statSync } from 'node:fs';
import type { RepositoryLayout } from '../repository/layout';
import { listBackupIds } from '../repository/manifest';
import { candidateOf, retentionManifestSchema, type RetentionCandidate } from './retention-candidate';

export interface RepositoryBackups {
  candidates: RetentionCandidate[];
  /** Manifests that cannot be read, with why: retention never deletes them. */
  unreadable: { id: string; problem: string }[];
}

// Candidates of manifests already read, by file, kept while the file is unchanged: a scheduled
// retention after every backup re-reads only the new manifest.
const cache = new Map<string, { mtimeMs: number; size: number; candidate: RetentionCandidate }>();
// Synchronous reads in slices, yielding between them: on a warm disk readFileSync is several times
// faster than the promise API (which queues every open, stat, read and close through the thread
// pool), and the yields keep the main process responsive while 10,000 manifests are read.
const sliceSize = 500;

/** Every backup in the repository as retention sees it (folders being written or deleted are not backups). */
export async function readRepositoryBackups(layout: RepositoryLayout): Promise<RepositoryBackups> {
  const ids = await listBackupIds(layout);
  const result: RepositoryBackups = { candidates: [], unreadable: [] };
  for (let start = 0; start < ids.length; start += sliceSize) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    for (const id of ids.slice(start, start + sliceSize)) {
      const item = readCandidate(layout, id);
      if ('problem' in item) result.unreadable.push({ id, problem: item.problem });
      else result.candidates.push(item.candidate);
    }
  }
  return result;
}

function readCandidate(layout: RepositoryLayout, id: string): { candidate: RetentionCandidate } | { problem: string } {
  const file = layout.manifestFile(id);
  try {
    const info = statSync(file);
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return { candidate: cached.candidate };
    const parsed = retentionManifestSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return { problem: `${file} is not a manifest Tidemark can read (${issue ? `${issue.path.join('.') || 'manifest'}: ${issue.message}` : 'invalid'})` };
    }
    if (parsed.data.id !== id) return { problem: `${file} names backup ${parsed.data.id}, not ${id}` };
    const candidate = candidateOf(parsed.data);
    cache.set(file, { mtimeMs: info.mtimeMs, size: info.size, candidate });
    return { candidate };
  } catch (error) {
    return { problem: error instanceof Error ? error.message : String(error) };
  }
}
