import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { TidemarkError } from '../../shared/domain/errors';
import type { ConnectionProfile } from '../../shared/domain/profile';
import type { RepositoryLayout } from './layout';
import { openRepository } from './open-repository';

/** What the repositories depend on: the app's default folder and the profiles that name their own. */
export interface RepositorySources {
  /** The app's repository: the setting when present, else the default inside Tidemark's home. */
  defaultRoot(): string;
  /** Each profile's own repository folder, if it names one. */
  profileRoots(): string[];
}

/** Which repository a request means, opened (checked and swept) once per process. */
export class Repositories {
  constructor(private readonly sources: RepositorySources) {}

  defaultRoot(): string {
    return this.sources.defaultRoot();
  }

  /** The repository a backup goes to: the one asked for, else the profile's own, else the app's. */
  rootFor(options: { repositoryDir?: string; profile?: ConnectionProfile | null }): string {
    return resolve(options.repositoryDir ?? options.profile?.repositoryDir ?? this.sources.defaultRoot());
  }

  open(options: { repositoryDir?: string; profile?: ConnectionProfile | null }): Promise<RepositoryLayout> {
    return openRepository(this.rootFor(options));
  }

  /** Every repository the history covers: the app's and each profile's own. */
  knownRoots(): string[] {
    return [...new Set([this.sources.defaultRoot(), ...this.sources.profileRoots()].map((root) => resolve(root)))];
  }

  /** The repositories a request covers: the one named, else every known one. */
  all(repositoryDir?: string): Promise<RepositoryLayout[]> {
    const roots = repositoryDir ? [resolve(repositoryDir)] : this.knownRoots();
    return Promise.all(roots.map((root) => openRepository(root)));
  }

  /** The repository holding backup `id` (ids are unique across repositories: time + random bits). */
  async ofBackup(id: string, repositoryDir?: string): Promise<RepositoryLayout> {
    const layouts = await this.all(repositoryDir);
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
}
