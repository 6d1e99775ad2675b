import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { TidemarkError } from '../../shared/domain/errors';
import type { PlannedDestination, RecoveryDestination, RecoveryProblem } from '../../shared/domain/pitr';
import { findFreePort, isPortInUse } from '../clusters/free-port';
import { clusterFolder, type ManagedClusters } from '../clusters/managed-clusters';
import type { ManagedClusterRecord } from '../settings/settings-store';
import type { TidemarkPaths } from '../settings/tidemark-home';

/** A new recovered cluster's id: its UTC creation time (ids sort by age) and 24 random bits. */
export function newRecoveredClusterId(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return `recovered-${stamp}-${randomBytes(3).toString('hex')}`;
}

function isInside(child: string, parent: string): boolean {
  const path = relative(resolve(parent), resolve(child));
  return path === '' || (!path.startsWith('..') && !path.startsWith(sep) && path !== '..');
}

/** Entries in a folder, or null when it does not exist; a file in its place is "not empty". */
async function entriesOf(path: string): Promise<string[] | null> {
  const info = await stat(path).catch(() => null);
  if (!info) return null;
  if (!info.isDirectory()) return ['(a file)'];
  return readdir(path);
}

export type DestinationCheck =
  { ok: true; destination: PlannedDestination; clusterId: string; record: ManagedClusterRecord | null } | { ok: false; problem: RecoveryProblem };

/**
 * Where the recovery writes, checked before anything starts: a new data directory must be absent
 * or empty, outside the repository and every managed cluster, on a free port; in place is only for
 * a cluster Tidemark manages, confirmed by its name.
 */
export async function checkDestination(
  { paths, clusters }: { readonly paths: TidemarkPaths; readonly clusters: ManagedClusters },
  destination: RecoveryDestination,
  context: { repositoryRoot: string; sourceDataDir: string | null; confirmationRequired: boolean },
): Promise<DestinationCheck> {
  if (destination.kind === 'in-place') {
    const record = clusters.get(destination.clusterId);
    // A plan may be shown before the name is typed; starting needs it.
    if (context.confirmationRequired && destination.confirmName.trim() !== record.name) {
      throw new TidemarkError(
        'confirmation_required',
        `Replacing ${record.name} in place needs its name typed exactly to confirm; "${destination.confirmName}" is not it.`,
        {
          hint: `Type ${record.name}. Its data directory is moved aside, never deleted.`,
          details: { clusterId: record.id },
        },
      );
    }
    const { state } = await clusters.status(record.id);
    if (state === 'missing') throw new TidemarkError('cluster_not_found', `The data directory of ${record.name} is gone: ${record.dataDir}.`);
    return {
      ok: true,
      clusterId: record.id,
      record,
      destination: {
        kind: 'in-place',
        clusterId: record.id,
        clusterName: record.name,
        dataDir: record.dataDir,
        port: record.port,
        clusterFolder: clusterFolder(record),
        wasRunning: state === 'running',
      },
    };
  }

  const clusterId = newRecoveredClusterId();
  const folder = join(paths.clustersDir, clusterId);
  const dataDir = destination.dataDir ? resolve(destination.dataDir) : join(folder, 'data');
  if (isInside(dataDir, context.repositoryRoot) || isInside(context.repositoryRoot, dataDir)) {
    throw new TidemarkError('invalid_input', `The destination ${dataDir} overlaps the repository ${context.repositoryRoot}.`, {
      hint: 'Recover into a folder outside the repository: recovery never writes into it.',
    });
  }
  if (context.sourceDataDir && (isInside(dataDir, context.sourceDataDir) || isInside(context.sourceDataDir, dataDir))) {
    throw new TidemarkError('invalid_input', `The destination ${dataDir} overlaps the source server's data directory.`, {
      hint: 'Choose a new folder: the source is never touched.',
    });
  }
  for (const record of clusters.list()) {
    if (isInside(dataDir, record.dataDir) || isInside(record.dataDir, dataDir)) {
      throw new TidemarkError('invalid_input', `The destination ${dataDir} overlaps the data directory of ${record.name}.`, {
        hint:
          record.role === 'sandbox' || record.role === 'recovered'
            ? 'Choose a new folder, or recover in place into that cluster (it is moved aside first).'
            : 'Choose a new folder.',
      });
    }
  }
  const entries = await entriesOf(dataDir);
  if (entries && entries.length > 0) return { ok: false, problem: { kind: 'destination-not-empty', dataDir } };

  let port = destination.port;
  if (port !== undefined) {
    if (await isPortInUse(port)) return { ok: false, problem: { kind: 'port-in-use', port } };
  } else {
    const taken = new Set(clusters.list().map((record) => record.port));
    do port = await findFreePort();
    while (taken.has(port));
  }
  return { ok: true, clusterId, record: null, destination: { kind: 'new-directory', dataDir, port, clusterFolder: folder } };
}
