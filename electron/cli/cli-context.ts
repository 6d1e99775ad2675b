import type { TidemarkApi } from '../../shared/contract';
import { createHandlers } from '../api/handlers';
import { createLocalApi } from '../api/local-api';
import { createServices, type Services } from '../api/services';
import { openFileSettings } from '../settings/settings-store';
import { tidemarkHomeDir } from '../settings/tidemark-home';
import { PgpassSecretStore } from '../profiles/pgpass-secret-store';

export interface CliContext {
  services: Services;
  api: TidemarkApi;
}

let context: CliContext | null = null;

/** The services the CLI drives: the same as the app's, over the same settings file. */
export function cliContext(): CliContext {
  if (!context) {
    const homeDir = tidemarkHomeDir();
    const services = createServices({ host: 'cli', homeDir, settings: openFileSettings(homeDir), secrets: new PgpassSecretStore(homeDir) });
    context = { services, api: createLocalApi(services, createHandlers(services)) };
  }
  return context;
}
