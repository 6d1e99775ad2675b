import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TidemarkError } from '../../shared/domain/errors';
import { parseArchiveFileName } from '../../shared/domain/wal';
import { repositoryLayout } from '../repository/layout';
import { readSegmentHeader } from './segment-header';

/**
 * A cluster's WAL folder in the repository, <repo>/wal/<systemIdentifier>/, with a marker file
 * naming the cluster it belongs to. The folder name alone is not proof: folders get copied and
 * renamed, and two servers pointed at one folder would interleave segments that no recovery can
 * replay. The marker and the segments' own headers are checked before archiving is set up.
 */
export const clusterMarkerName = '.tidemark-cluster.json';

export interface ClusterMarker {
  systemIdentifier: string;
  walSegmentSizeBytes: number;
  createdAt: string;
}

export function archiveDirFor(repositoryRoot: string, systemIdentifier: string): string {
  return repositoryLayout(repositoryRoot).walDir(systemIdentifier);
}

export async function readClusterMarker(archiveDir: string): Promise<ClusterMarker | null> {
  const text = await readFile(join(archiveDir, clusterMarkerName), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const parsed = JSON.parse(text) as Partial<ClusterMarker>;
    if (typeof parsed.systemIdentifier === 'string' && typeof parsed.walSegmentSizeBytes === 'number') {
      return { systemIdentifier: parsed.systemIdentifier, walSegmentSizeBytes: parsed.walSegmentSizeBytes, createdAt: String(parsed.createdAt ?? '') };
    }
  } catch {
    // An unreadable marker is treated as a foreign one below.
  }
  return { systemIdentifier: 'unreadable', walSegmentSizeBytes: 0, createdAt: '' };
}

/**
 * Makes sure `archiveDir` exists and holds only this cluster's WAL, then marks it. Throws
 * 'conflict' when the marker or a segment in it belongs to another cluster.
 */
export async function claimArchiveFolder(archiveDir: string, cluster: { systemIdentifier: string; walSegmentSizeBytes: number }): Promise<ClusterMarker> {
  await mkdir(archiveDir, { recursive: true, mode: 0o700 });
  const marker = await readClusterMarker(archiveDir);
  if (marker && marker.systemIdentifier !== cluster.systemIdentifier) {
    throw foreignFolder(archiveDir, cluster.systemIdentifier, `its marker file names cluster ${marker.systemIdentifier}`);
  }
  const foreign = await findForeignSegment(archiveDir, cluster);
  if (foreign) throw foreignFolder(archiveDir, cluster.systemIdentifier, foreign);
  if (marker) return marker;
  const created: ClusterMarker = { ...cluster, createdAt: new Date().toISOString() };
  const temporary = join(archiveDir, `${clusterMarkerName}.${process.pid}.tmp`);
  await writeFile(temporary, JSON.stringify(created, null, 2) + '\n', { mode: 0o644 });
  await rename(temporary, join(archiveDir, clusterMarkerName));
  return created;
}

/**
 * Looks at the first and the last few uncompressed segments (by name): enough to catch a folder
 * that was another cluster's, without reading 100,000 headers.
 */
async function findForeignSegment(archiveDir: string, cluster: { systemIdentifier: string; walSegmentSizeBytes: number }): Promise<string | null> {
  const names = (await readdir(archiveDir)).filter((name) => {
    const parsed = parseArchiveFileName(name, cluster.walSegmentSizeBytes);
    return parsed?.kind === 'segment' && parsed.compression === 'none';
  });
  names.sort();
  const sample = names.length <= 6 ? names : [...names.slice(0, 3), ...names.slice(-3)];
  for (const name of sample) {
    const header = await readSegmentHeader(join(archiveDir, name)).catch(() => null);
    if (!header) continue;
    if (header.systemIdentifier !== cluster.systemIdentifier) return `segment ${name} comes from cluster ${header.systemIdentifier}`;
    if (header.segmentSizeBytes !== cluster.walSegmentSizeBytes) {
      return `segment ${name} has ${header.segmentSizeBytes}-byte segments, this cluster ${cluster.walSegmentSizeBytes}`;
    }
  }
  // A name that is not a segment of this size (a 64 MB cluster's ...FF) also says "not ours".
  return null;
}

function foreignFolder(archiveDir: string, systemIdentifier: string, why: string): TidemarkError {
  return new TidemarkError('conflict', `The WAL folder ${archiveDir} holds another cluster's WAL (${why}); this server is cluster ${systemIdentifier}.`, {
    hint: 'Two clusters must never archive into one folder. Move that folder out of the repository, or use another repository for this server.',
    details: { archiveDir, systemIdentifier },
  });
}
