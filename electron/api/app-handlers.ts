import type { appRequests } from '../../shared/contract/app';
import { runningAsRoot } from '../clusters/refuse-root';
import type { HandlersFor } from './handlers-for';
import type { Services } from './services';

declare const __TIDEMARK_VERSION__: string | undefined;

export function appHandlers(services: Services): HandlersFor<typeof appRequests> {
  return {
    'app.info': async () => ({
      version: typeof __TIDEMARK_VERSION__ === 'string' ? __TIDEMARK_VERSION__ : 'dev',
      host: services.host,
      homeDir: services.paths.home,
      repositoryDir: services.repositories.defaultRoot(),
      platform: process.platform,
      runningAsRoot: runningAsRoot(),
      secretStorage: services.secrets.kind,
    }),
  };
}
