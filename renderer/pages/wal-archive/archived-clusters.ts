import { useQueries } from '@tanstack/react-query';
import { call } from '../../../shared/contract/call';
import type { TidemarkError } from '../../../shared/domain/errors';
import { useBridge } from '../../bridge/bridge-context';
import { useRequest } from '../../bridge/use-request';

/** A cluster whose WAL a repository holds. */
export interface ArchivedCluster {
  systemIdentifier: string;
  repositoryDir: string;
  /** The app's own repository (undefined in requests) or a profile's. */
  repositoryOverride: string | undefined;
  /** Connections whose base backups name this cluster (the archive itself does not know). */
  profileNames: string[];
}

/**
 * Every cluster with archived WAL, across the app's repository and each profile's own, named
 * after the connections whose physical backups belong to it.
 */
export function useArchivedClusters(): { clusters: ArchivedCluster[]; pending: boolean; error: TidemarkError | null } {
  const { api } = useBridge();
  const profiles = useRequest('profiles.list', {});
  const physical = useRequest('backups.list', { kind: 'physical' });
  const overrides = [undefined, ...new Set((profiles.data ?? []).flatMap((profile) => (profile.repositoryDir ? [profile.repositoryDir] : [])))];
  const repositories = useQueries({
    queries: overrides.map((repositoryDir) => {
      const input = repositoryDir ? { repositoryDir } : {};
      return { queryKey: ['wal.clusters', input], queryFn: () => call(api, 'wal.clusters', input), enabled: profiles.isSuccess };
    }),
  });
  const summaries = useQueries({
    queries: overrides.map((repositoryDir) => {
      const input = repositoryDir ? { repositoryDir } : {};
      return { queryKey: ['physical.list', input], queryFn: () => call(api, 'physical.list', input), enabled: profiles.isSuccess };
    }),
  });

  // backup id → connection name (backups.list), backup id → cluster (physical.list): cluster → names.
  const profileOfBackup = new Map((physical.data?.backups ?? []).flatMap((entry) => (entry.profile ? [[entry.id, entry.profile.name] as const] : [])));
  const namesByCluster = new Map<string, Set<string>>();
  for (const summary of summaries.flatMap((result) => result.data ?? [])) {
    const name = profileOfBackup.get(summary.id);
    if (!name) continue;
    namesByCluster.set(summary.systemIdentifier, (namesByCluster.get(summary.systemIdentifier) ?? new Set()).add(name));
  }

  const seen = new Set<string>();
  const clusters: ArchivedCluster[] = [];
  repositories.forEach((result, index) => {
    if (!result.data) return;
    for (const systemIdentifier of result.data.systemIdentifiers) {
      const key = `${result.data.repositoryDir}\0${systemIdentifier}`;
      if (seen.has(key)) continue;
      seen.add(key);
      clusters.push({
        systemIdentifier,
        repositoryDir: result.data.repositoryDir,
        repositoryOverride: overrides[index],
        profileNames: [...(namesByCluster.get(systemIdentifier) ?? [])],
      });
    }
  });
  return {
    clusters,
    pending: profiles.isPending || repositories.some((result) => result.isPending),
    error: profiles.error ?? (repositories.find((result) => result.error)?.error as TidemarkError | undefined) ?? null,
  };
}
