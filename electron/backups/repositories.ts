import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { TidemarkError } from '../../shared/domain/errors';
import type { ConnectionProfile } from '../../shared/domain/profile';
import { repositoryDir as appRepositoryDir, type Services } from '../api/services';
import { ProfileStore } from '../profiles/profile-store';
import type { RepositoryLayout } from '../repository/layout';
import { openRepository } from '../repository/open-repository';

/** The repository a backup goes to: the one asked for, else the profile's own, else the app's. */
export function repositoryRootFor(services: Services, options: { repositoryDir?: string; profile?: ConnectionProfile | null }): string {
  return resolve(options.repositoryDir ?? options.profile?.repositoryDir ?? appRepositoryDir(services));
}

/** Every repository the history covers: the app's and each profile's own. */
export function knownRepositoryRoots(services: Services): string[] {
  const roots = [appRepositoryDir(services), ...new ProfileStore(services.settings).list().flatMap((p) => (p.repositoryDir ? [p.repositoryDir] : []))];
  return [...new Set(roots.map((root) => resolve(root)))];
}

/** The repositories a request covers: the one named, else every known one. */
export async function repositoriesFor(services: Services, repositoryDir?: string): Promise<RepositoryLayout[]> {
  const roots = repositoryDir ? [resolve(repositoryDir)] : knownRepositoryRoots(services);
  return Promise.all(roots.map((root) => openRepository(root)));
}

/** The repository holding backup `id` (ids are unique across repositories: time + random bits). */
export async function repositoryOfBackup(services: Services, id: string, repositoryDir?: string): Promise<RepositoryLayout> {
  const layouts = await repositoriesFor(services, repositoryDir);
  for (const layout of layouts) {
    if (
      await stat(layout.manifestFile(id)).then(
        () => true,
        () => false,
      )
    )
      return layout;
  }
  throw new TidemarkError('not_found', `No backup ${id} in ${layouts.map((l) => l.root).join(' or ')}.`, {
    hint: repositoryDir
      ? 'Check the id with `tidemark backups list --repo DIR`.'
      : 'Check the id with `tidemark backups list`, or name the folder with --repo.',
  });
}
