import type { AppInfo } from '../../shared/domain/app';
import { ManagedClusters } from '../clusters/managed-clusters';
import { EventBus } from '../jobs/event-bus';
import { JobRegistry } from '../jobs/job-registry';
import { ToolService } from '../pgtools/tool-service';
import type { SecretStore } from '../profiles/secret-store';
import type { SettingsStore } from '../settings/settings-store';
import { tidemarkPaths, type TidemarkPaths } from '../settings/tidemark-home';

/** What a host (the Electron main process, browser mode, the CLI, a test) provides. */
export interface HostOptions {
  host: AppInfo['host'];
  homeDir: string;
  settings: SettingsStore;
  secrets: SecretStore;
}

/** Every service, created once per host and shared by the contract's handlers. */
export interface Services {
  readonly host: AppInfo['host'];
  readonly paths: TidemarkPaths;
  readonly settings: SettingsStore;
  readonly secrets: SecretStore;
  readonly events: EventBus;
  readonly jobs: JobRegistry;
  readonly tools: ToolService;
  /** Clusters Tidemark created and runs: the sandbox, recovered copies. */
  readonly clusters: ManagedClusters;
}

export function createServices(options: HostOptions): Services {
  const events = new EventBus();
  const tools = new ToolService(options.settings);
  return {
    host: options.host,
    paths: tidemarkPaths(options.homeDir),
    settings: options.settings,
    secrets: options.secrets,
    events,
    jobs: new JobRegistry(events),
    tools,
    clusters: new ManagedClusters(options.settings, tools),
  };
}

/** The repository folder in use: the setting when present, else the default inside the home. */
export function repositoryDir(services: Services): string {
  return services.settings.get('repositoryDir') ?? services.paths.repositoryDir;
}
