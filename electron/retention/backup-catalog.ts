import { readFile, stat } from 'node:fs/promises';
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
// Reading in parallel batches: 10,000 manifests one after another would wait on the disk 10,000 times.
const batchSize = 64;

/** Every backup in the repository as retention sees it (folders being written or deleted are not backups). */
export async function readRepositoryBackups(layout: RepositoryLayout): Promise<RepositoryBackups> {
  const ids = await listBackupIds(layout);
  const result: RepositoryBackups = { candidates: [], unreadable: [] };
  for (let start = 0; start < ids.length; start += batchSize) {
    const batch = ids.slice(start, start + batchSize);
    const read = await Promise.all(batch.map((id) => readCandidate(layout, id)));
    read.forEach((item, i) => {
      if ('problem' in item) result.unreadable.push({ id: batch[i]!, problem: item.problem });
      else result.candidates.push(item.candidate);
    });
  }
  return result;
}

async function readCandidate(layout: RepositoryLayout, id: string): Promise<{ candidate: RetentionCandidate } | { problem: string }> {
  const file = layout.manifestFile(id);
  try {
    const info = await stat(file);
    const cached = cache.get(file);
    if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return { candidate: cached.candidate };
    const parsed = retentionManifestSchema.safeParse(JSON.parse(await readFile(file, 'utf8')));
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
