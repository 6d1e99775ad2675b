import { rm } from 'node:fs/promises';
import { TidemarkError } from '../../shared/domain/errors';
import type { ManagedClusterView, OldDataDir, RecoveryRecord } from '../../shared/domain/pitr';
import type { PortChange } from '../../shared/domain/sandbox';
import type { ProfileStore } from '../profiles/profile-store';
import type { SecretStore } from '../profiles/secret-store';
import type { ManagedClusterRecord } from '../settings/settings-store';
import { clusterFolder, serverLogFile, type ManagedClusters } from './managed-clusters';

/**
 * What point-in-time recovery knows of a managed cluster. pitr/ creates and replaces clusters, so
 * it sits above clusters/: it provides this (electron/pitr/cluster-recoveries.ts) and
 * createServices hands it in, and clusters/ never imports pitr/.
 */
export interface ClusterRecoveries {
  /** The record of the recovery that made the cluster's current data (recovery.json), null when none did. */
  recordOf(record: ManagedClusterRecord): Promise<RecoveryRecord | null>;
  /** Data directories in-place recoveries moved aside, newest first. */
  oldDataDirsOf(record: ManagedClusterRecord): Promise<OldDataDir[]>;
  /** Makes a recovered copy's private socket folder again. */
  ensureSocketDir(socketDir: string): Promise<void>;
}

export interface ClusterServiceDeps {
  readonly clusters: ManagedClusters;
  readonly profiles: ProfileStore;
  readonly secrets: SecretStore;
  readonly recoveries: ClusterRecoveries;
}

/** The managed clusters as the clusters page and `tidemark clusters` show and drive them. */
export class ClusterService {
  constructor(private readonly deps: ClusterServiceDeps) {}

  /** One managed cluster as the clusters page and `tidemark clusters list` show it. */
  async view(id: string): Promise<ManagedClusterView> {
    const { record, state } = await this.deps.clusters.status(id);
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
      recovery: await this.deps.recoveries.recordOf(record),
      oldDataDirs: await this.deps.recoveries.oldDataDirsOf(record),
    };
  }

  async list(): Promise<ManagedClusterView[]> {
    return Promise.all(this.deps.clusters.list().map((record) => this.view(record.id)));
  }

  /** Starts a managed cluster; a recovered copy's socket folder is made again first (it may live under /tmp). */
  async start(id: string): Promise<ManagedClusterView & { portChange: PortChange | null }> {
    const recovery = await this.deps.recoveries.recordOf(this.deps.clusters.get(id));
    if (recovery) await this.deps.recoveries.ensureSocketDir(recovery.socketDir);
    const { portChange } = await this.deps.clusters.start(id);
    return { ...(await this.view(id)), portChange };
  }

  async stop(id: string): Promise<ManagedClusterView> {
    await this.deps.clusters.stop(id);
    return this.view(id);
  }

  /**
   * Removes a recovered copy for good: stops it, deletes its data directory, its folder (log,
   * pgpass, socket) and its profile. The sandbox has its own lifecycle and is not removed here.
   */
  async removeRecovered(id: string, confirmName: string): Promise<{ clusterId: string; removed: true }> {
    const { clusters, profiles, secrets } = this.deps;
    const record = clusters.get(id);
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
    const recovery = await this.deps.recoveries.recordOf(record);
    await clusters.stop(record.id, 'fast').catch(async () => clusters.stop(record.id, 'immediate'));
    for (const profile of profiles.list().filter((p) => p.id === record.profileId || p.managedClusterId === record.id)) {
      profiles.remove(profile.id);
      await secrets.delete(profile).catch(() => undefined);
    }
    clusters.remove(record.id);
    await rm(record.dataDir, { recursive: true, force: true });
    await rm(clusterFolder(record), { recursive: true, force: true });
    if (recovery?.socketDir) await rm(recovery.socketDir, { recursive: true, force: true });
    return { clusterId: id, removed: true };
  }
}
