import { rm } from 'node:fs/promises';
import { TidemarkError } from '../../shared/domain/errors';
import type { ManagedClusterView } from '../../shared/domain/pitr';
import type { PortChange } from '../../shared/domain/sandbox';
import type { Services } from '../api/services';
import { clusterFolder, serverLogFile } from './managed-clusters';
import { ensureSocketDir } from '../pitr/recovered-cluster-access';
import { oldDataDirsOf } from '../pitr/old-data-dirs';
import { readRecoveryRecord } from '../pitr/recovery-record';

/** One managed cluster as the clusters page and `tidemark clusters list` show it. */
export async function clusterView(services: Services, id: string): Promise<ManagedClusterView> {
  const { record, state } = await services.clusters.status(id);
  const folder = clusterFolder(record);
  return {
    id: record.id,
    name: record.name,
    role: record.role,
    state,
    dataDir: record.dataDir,
    port: record.port,
    majorVersion: record.majorVersion,
    profileId: record.profileId,
    keepRunning: record.keepRunning,
    createdAt: record.createdAt,
    serverLog: serverLogFile(record),
    recovery: await readRecoveryRecord(folder),
    oldDataDirs: await oldDataDirsOf(record),
  };
}

export async function listClusterViews(services: Services): Promise<ManagedClusterView[]> {
  return Promise.all(services.clusters.list().map((record) => clusterView(services, record.id)));
}

/** Starts a managed cluster; a recovered copy's socket folder is made again first (it may live under /tmp). */
export async function startManagedCluster(services: Services, id: string): Promise<ManagedClusterView & { portChange: PortChange | null }> {
  const recovery = await readRecoveryRecord(clusterFolder(services.clusters.get(id)));
  if (recovery) await ensureSocketDir(recovery.socketDir);
  const { portChange } = await services.clusters.start(id);
  return { ...(await clusterView(services, id)), portChange };
}

export async function stopManagedCluster(services: Services, id: string): Promise<ManagedClusterView> {
  await services.clusters.stop(id);
  return clusterView(services, id);
}

/**
 * Removes a recovered copy for good: stops it, deletes its data directory, its folder (log,
 * pgpass, socket) and its profile. The sandbox has its own lifecycle and is not removed here.
 */
export async function removeRecoveredCluster(services: Services, id: string, confirmName: string): Promise<{ clusterId: string; removed: true }> {
  const record = services.clusters.get(id);
  if (record.role !== 'recovered') {
    throw new TidemarkError('conflict', `${record.name} is not a recovered cluster; it is removed from its own page.`, { details: { clusterId: id } });
  }
  if (confirmName.trim() !== record.name) {
    throw new TidemarkError(
      'confirmation_required',
      `Removing ${record.name} deletes its data: type its name exactly to confirm; "${confirmName}" is not it.`,
      { details: { clusterId: id } },
    );
  }
  const recovery = await readRecoveryRecord(clusterFolder(record));
  await services.clusters.stop(record.id, 'fast').catch(async () => services.clusters.stop(record.id, 'immediate'));
  const profiles = services.profiles;
  for (const profile of profiles.list().filter((p) => p.id === record.profileId || p.managedClusterId === record.id)) {
    profiles.remove(profile.id);
    await services.secrets.delete(profile).catch(() => undefined);
  }
  services.clusters.remove(record.id);
  await rm(record.dataDir, { recursive: true, force: true });
  await rm(clusterFolder(record), { recursive: true, force: true });
  if (recovery?.socketDir) await rm(recovery.socketDir, { recursive: true, force: true });
  return { clusterId: id, removed: true };
}
