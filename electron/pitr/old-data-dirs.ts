import { readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { TidemarkError } from '../../shared/domain/errors';
import type { OldDataDir } from '../../shared/domain/pitr';
import { runProgram } from '../pgtools/run-tool';
import type { ManagedClusters } from '../clusters/managed-clusters';
import type { ManagedClusterRecord } from '../settings/settings-store';

/**
 * Data directories an in-place recovery moved aside, `<dataDir>.old-<UTC time>` beside the data
 * directory: the seeds' `main.old`, never deleted by Tidemark on its own. They can be put back
 * (the current data directory is moved aside in its turn) or deleted, each confirmed by the
 * cluster's name.
 */
const oldSuffix = /\.old-(\d{8}T\d{6}Z)$/;

export function oldDataDirPath(dataDir: string, at: Date): string {
  return `${dataDir}.old-${at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')}`;
}

function movedAsideAt(path: string): string | null {
  const stamp = oldSuffix.exec(path)?.[1];
  if (!stamp) return null;
  return `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`;
}

async function sizeOf(path: string): Promise<number> {
  const result = await runProgram('du', ['-sb', path], { timeoutMs: 30_000 });
  return Number(result.stdout.split(/\s/)[0]) || 0;
}

export async function oldDataDirsOf(record: ManagedClusterRecord): Promise<OldDataDir[]> {
  const parent = dirname(record.dataDir);
  const prefix = `${basename(record.dataDir)}.old-`;
  const names = (await readdir(parent).catch(() => [])).filter((name) => name.startsWith(prefix) && oldSuffix.test(name));
  const dirs: OldDataDir[] = [];
  for (const name of names.sort().reverse()) {
    const path = join(parent, name);
    if (!(await stat(path).catch(() => null))?.isDirectory()) continue;
    dirs.push({ clusterId: record.id, clusterName: record.name, path, movedAsideAt: movedAsideAt(path)!, sizeBytes: await sizeOf(path) });
  }
  return dirs;
}

export async function listOldDataDirs(clusters: ManagedClusters, clusterId?: string): Promise<OldDataDir[]> {
  const records = clusterId ? [clusters.get(clusterId)] : clusters.list();
  return (await Promise.all(records.map(oldDataDirsOf))).flat().sort((a, b) => b.movedAsideAt.localeCompare(a.movedAsideAt));
}

async function confirmedOldDir(
  clusters: ManagedClusters,
  clusterId: string,
  path: string,
  confirmName: string,
  action: string,
): Promise<{ record: ManagedClusterRecord; old: OldDataDir }> {
  const record = clusters.get(clusterId);
  if (confirmName.trim() !== record.name) {
    throw new TidemarkError(
      'confirmation_required',
      `To ${action} an old data directory of ${record.name}, type its name exactly; "${confirmName}" is not it.`,
      { details: { clusterId } },
    );
  }
  const old = (await oldDataDirsOf(record)).find((dir) => dir.path === resolve(path));
  if (!old) throw new TidemarkError('not_found', `${path} is not an old data directory of ${record.name}.`, { hint: 'List them with oldDataDirs.list.' });
  return { record, old };
}

/** Puts an old data directory back; the current one is moved aside (kept), and the cluster restarts if it ran. */
export async function restoreOldDataDir(clusters: ManagedClusters, clusterId: string, path: string, confirmName: string): Promise<OldDataDir> {
  const { record, old } = await confirmedOldDir(clusters, clusterId, path, confirmName, 'restore');
  const { state } = await clusters.status(record.id);
  if (state === 'running') await clusters.stop(record.id);
  let aside: string | null = null;
  if (state !== 'missing') {
    aside = oldDataDirPath(record.dataDir, new Date());
    await rename(record.dataDir, aside);
  }
  await rename(old.path, record.dataDir);
  if (state === 'running') await clusters.start(record.id);
  const moved = aside ? (await oldDataDirsOf(record)).find((dir) => dir.path === aside) : undefined;
  return moved ?? { ...old, path: record.dataDir };
}

export async function deleteOldDataDir(
  clusters: ManagedClusters,
  clusterId: string,
  path: string,
  confirmName: string,
): Promise<{ path: string; deleted: true }> {
  const { old } = await confirmedOldDir(clusters, clusterId, path, confirmName, 'delete');
  await rm(old.path, { recursive: true, force: true });
  return { path: old.path, deleted: true };
}
