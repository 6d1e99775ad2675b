import type { AppInfo } from '../../shared/domain/app';
import { ClusterService } from '../clusters/cluster-service';
import { ManagedClusters } from '../clusters/managed-clusters';
import { EventBus } from '../jobs/event-bus';
import { JobRegistry } from '../jobs/job-registry';
import { ToolService } from '../pgtools/tool-service';
import { clusterRecoveries } from '../pitr/cluster-recoveries';
import { PitrService } from '../pitr/pitr-service';
import { ConnectionResolver } from '../profiles/connection-resolver';
import { ProfileStore } from '../profiles/profile-store';
import type { SecretStore } from '../profiles/secret-store';
import { Repositories } from '../repository/repositories';
import { SandboxService } from '../sandbox/sandbox-service';
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
  readonly sandbox: SandboxService;
  readonly pitr: PitrService;
  /** The managed clusters as the clusters page shows them, with what recovery knows of each. */
  readonly clusterViews: ClusterService;
}

export function createServices(options: HostOptions): Services {
  const events = new EventBus();
  const tools = new ToolService(options.settings);
  const paths = tidemarkPaths(options.homeDir);
  const profiles = new ProfileStore(options.settings);
  const secrets = options.secrets;
  const jobs = new JobRegistry(events);
  const clusters = new ManagedClusters(options.settings, tools);
  const connections = new ConnectionResolver(profiles, { secrets, paths });
  const repositories = new Repositories({
    defaultRoot: () => options.settings.get('repositoryDir') ?? paths.repositoryDir,
    profileRoots: () => profiles.list().flatMap((profile) => (profile.repositoryDir ? [profile.repositoryDir] : [])),
  });
  return {
    host: options.host,
    paths,
    settings: options.settings,
    secrets,
    events,
    jobs,
    tools,
    clusters,
    profiles,
    connections,
    repositories,
    sandbox: new SandboxService({ paths, clusters, tools, jobs, profiles, secrets, repositories }),
    pitr: new PitrService({ paths, clusters, tools, jobs, profiles, secrets, connections, repositories }),
    clusterViews: new ClusterService({ clusters, profiles, secrets, recoveries: clusterRecoveries }),
  };
}
