import type { AppInfo } from '../../shared/domain/app';
import { BackupService } from '../backups/backup-service';
import { ManagedClusters } from '../clusters/managed-clusters';
import { EventBus } from '../jobs/event-bus';
import { JobRegistry } from '../jobs/job-registry';
import { ToolService } from '../pgtools/tool-service';
import { PhysicalService } from '../physical/physical-service';
import { ConnectionResolver } from '../profiles/connection-resolver';
import { ProfileStore } from '../profiles/profile-store';
import type { SecretStore } from '../profiles/secret-store';
import { Repositories } from '../repository/repositories';
import { RestoreService } from '../restore/restore-service';
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
  readonly profiles: ProfileStore;
  readonly connections: ConnectionResolver;
  readonly repositories: Repositories;
  /** Logical backups and the history of every backup. */
  readonly backups: BackupService;
  /** Logical restores. */
  readonly restore: RestoreService;
  /** Base backups. */
  readonly physical: PhysicalService;
}

export function createServices(options: HostOptions): Services {
  const events = new EventBus();
  const tools = new ToolService(options.settings);
  const paths = tidemarkPaths(options.homeDir);
  const profiles = new ProfileStore(options.settings);
  const jobs = new JobRegistry(events);
  const connections = new ConnectionResolver(profiles, { secrets: options.secrets, paths });
  const repositories = new Repositories({
    defaultRoot: () => options.settings.get('repositoryDir') ?? paths.repositoryDir,
    profileRoots: () => profiles.list().flatMap((profile) => (profile.repositoryDir ? [profile.repositoryDir] : [])),
  });
  return {
    host: options.host,
    paths,
    settings: options.settings,
    secrets: options.secrets,
    events,
    jobs,
    tools,
    clusters: new ManagedClusters(options.settings, tools),
    profiles,
    connections,
    repositories,
    backups: new BackupService({ connections, repositories, tools, jobs, profiles }),
    restore: new RestoreService({ connections, repositories, tools, jobs, profiles }),
    physical: new PhysicalService({ connections, repositories, tools, jobs }),
  };
}
