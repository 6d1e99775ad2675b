import type { TidemarkApi } from '../../shared/contract';
import { createHandlers } from '../api/handlers';
import { createLocalApi } from '../api/local-api';
import { createServices, type Services } from '../api/services';
import { openFileSettings } from '../settings/settings-store';
import { tidemarkHomeDir } from '../settings/tidemark-home';
import { openSecretStore } from '../profiles/open-secret-store';

export interface CliContext {
  services: Services;
  api: TidemarkApi;
}

let context: CliContext | null = null;

/** The services the CLI drives: the same as the app's, over the same settings file. */
export function cliContext(): CliContext {
  if (!context) {
    const homeDir = tidemarkHomeDir();
    // The OS keychain, probed at the first secret a command needs (else the pgpass file): the app's store too.
    const secrets = openSecretStore({ homeDir });
    const services = createServices({ host: 'cli', homeDir, settings: openFileSettings(homeDir), secrets });
    context = { services, api: createLocalApi(services, createHandlers(services)) };
  }
  return context;
}
