import { sampleDatabaseName, type PortChange, type SandboxStatus } from '../../shared/domain/sandbox';
import { clusterPgpassFile } from '../clusters/managed-clusters';
import type { ManagedClusterRecord } from '../settings/settings-store';

/** The sandbox as the UI and the CLI see it, from its registry record and its state on disk. */
export function sandboxStatusOf(record: ManagedClusterRecord, state: 'running' | 'stopped', portChange: PortChange | null = null): SandboxStatus {
  return {
    state,
    clusterId: record.id,
    dataDir: record.dataDir,
    port: record.port,
    majorVersion: record.majorVersion,
    profileId: record.profileId,
    keepRunning: record.keepRunning,
    archiveDir: record.archiveDir ?? '',
    sampleDatabase: sampleDatabaseName,
    pgpassFile: clusterPgpassFile(record),
    ...(portChange ? { portChange } : {}),
  };
}
