import type { appRequests } from '../../shared/contract/app';
import { runningAsRoot } from '../clusters/refuse-root';
import type { AppInfo } from '../../shared/domain/app';
import type { SecretStore } from '../profiles/secret-store';
import type { Repositories } from '../repository/repositories';
import type { TidemarkPaths } from '../settings/tidemark-home';
import type { HandlersFor } from '../../shared/contract/handlers-for';

declare const __TIDEMARK_VERSION__: string | undefined;

export interface AppInfoDeps {
  readonly host: AppInfo['host'];
  readonly paths: Pick<TidemarkPaths, 'home'>;
  readonly repositories: Pick<Repositories, 'defaultRoot'>;
  readonly secrets: Pick<SecretStore, 'storage'>;
}

export function appHandlers(deps: AppInfoDeps): HandlersFor<typeof appRequests> {
  return {
    'app.info': async () => {
      const storage = await deps.secrets.storage();
      return {
        version: typeof __TIDEMARK_VERSION__ === 'string' ? __TIDEMARK_VERSION__ : 'dev',
        host: deps.host,
        homeDir: deps.paths.home,
        repositoryDir: deps.repositories.defaultRoot(),
        platform: process.platform,
        runningAsRoot: runningAsRoot(),
        secretStorage: storage.kind,
        secretStorageLocation: storage.location,
        secretStorageFallbackReason: storage.fallbackReason,
      };
    },
  };
}
