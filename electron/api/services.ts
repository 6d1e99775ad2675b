import { hostname } from 'node:os';
import type { AppInfo } from '../../shared/domain/app';
import { ArchiveService } from '../archive/archive-service';
import { BackupService } from '../backups/backup-service';
import { ClusterService } from '../clusters/cluster-service';
import { ManagedClusters } from '../clusters/managed-clusters';
import { EventBus } from '../jobs/event-bus';
import { JobRegistry } from '../jobs/job-registry';
import { desktopPresenterFor } from '../notifications/desktop-sender';
import { NotificationService } from '../notifications/notification-service';
import { ToolService } from '../pgtools/tool-service';
import { PhysicalService } from '../physical/physical-service';
import { verifyStoredPhysicalBackup } from '../physical/verify-stored-backup';
import { clusterRecoveries } from '../pitr/cluster-recoveries';
import { PitrService } from '../pitr/pitr-service';
import { ConnectionResolver } from '../profiles/connection-resolver';
import { ProfileService } from '../profiles/profile-service';
import { ProfileStore } from '../profiles/profile-store';
import type { SecretStore } from '../profiles/secret-store';
import { Repositories } from '../repository/repositories';
import { RestoreService } from '../restore/restore-service';
import { RetentionService } from '../retention/retention-service';
import { testRestoreBackup } from '../restore/test-restore';
import { SandboxService } from '../sandbox/sandbox-service';
import type { SettingsStore } from '../settings/settings-store';
import { tidemarkPaths, type TidemarkPaths } from '../settings/tidemark-home';
import { WalService } from '../wal/wal-service';
import type { Ticker } from '../health/poll-schedule';
import { HealthService, healthFolder } from '../health/health-service';
import { SchedulerService } from '../scheduler/scheduler-service';
import { ServiceBackupExecutor } from '../scheduler/scheduled-backup-executor';
import { ScheduledRunEffects } from '../scheduler/scheduled-run-effects';
import { systemClock, type Clock } from '../scheduler/schedule-runner';

/** What a host (the Electron main process, browser mode, the CLI, a test) provides. */
export interface HostOptions {
  host: AppInfo['host'];
  homeDir: string;
  settings: SettingsStore;
  secrets: SecretStore;
  /** The scheduler's clock (tests drive it by hand). */
  clock?: Clock;
  /** The health pollers' timers (tests tick them by hand). */
  healthTicker?: Ticker;
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
  /** Profiles with their passwords, and the profile test. */
  readonly profileService: ProfileService;
  /** Setting up WAL archiving, verifying it, the archiver's status. */
  readonly archive: ArchiveService;
  /** Browsing the WAL archive, the recoverable window, WAL cleanup. */
  readonly wal: WalService;
  readonly sandbox: SandboxService;
  readonly pitr: PitrService;
  /** The managed clusters as the clusters page shows them, with what recovery knows of each. */
  readonly clusterViews: ClusterService;
  /** Schedules and their runner (ticking once a host starts it). */
  readonly scheduler: SchedulerService;
  /** Channels, the outbox, heartbeats: what the scheduler publishes to (see the top of notification-service.ts). */
  readonly notifications: NotificationService;
  /** Which backups a policy keeps, applying it (backups and WAL), pins, the history of runs. */
  readonly retention: RetentionService;
  /** Health dashboards: one poller per watched profile, thresholds, history (issue 12). */
  readonly health: HealthService;
}

declare const __TIDEMARK_VERSION__: string | undefined;

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
  const backups = new BackupService({
    connections,
    repositories,
    tools,
    jobs,
    profiles,
    // A test restore and a base backup's re-check live above backups/ (restore/, physical/): handed in here.
    testRestore: (backup, job) => testRestoreBackup({ tools, profiles, connections }, backup, job),
    verifyBaseBackup: (layout, backupId, job) => verifyStoredPhysicalBackup({ tools }, layout, backupId, job),
  });
  const physical = new PhysicalService({ connections, repositories, tools, jobs });
  const notifications = new NotificationService({
    repositories,
    secrets,
    desktop: desktopPresenterFor(options.host, (notice) => events.emit('notifications.desktop', notice)),
    source: { version: typeof __TIDEMARK_VERSION__ === 'string' ? __TIDEMARK_VERSION__ : 'dev', hostname: hostname() },
    clock: options.clock,
  });
  const retention = new RetentionService({ repositories, profiles, backups, clock: options.clock });
  // Late-bound: the effects log through the scheduler's runner (the daemon prints its lines).
  let scheduler: SchedulerService | undefined = undefined;
  const effects = new ScheduledRunEffects({ notifications, retention, log: (line) => scheduler?.log(line), clock: options.clock ?? systemClock });
  scheduler = new SchedulerService({
    host: options.host,
    profiles,
    connections,
    repositories,
    executor: new ServiceBackupExecutor({ backups, physical, jobs, profiles }),
    observer: effects,
    clock: options.clock,
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
    backups,
    restore: new RestoreService({ connections, repositories, tools, jobs, profiles }),
    physical,
    profileService: new ProfileService({ profiles, secrets: options.secrets, paths, connections, tools }),
    archive: new ArchiveService({ connections, repositories, clusters, jobs }),
    wal: new WalService({ connections, repositories, tools }),
    sandbox: new SandboxService({ paths, clusters, tools, jobs, profiles, secrets, repositories }),
    pitr: new PitrService({ paths, clusters, tools, jobs, profiles, secrets, connections, repositories }),
    clusterViews: new ClusterService({ clusters, profiles, secrets, recoveries: clusterRecoveries }),
    scheduler,
    notifications,
    retention,
    health: new HealthService({
      profiles,
      connections,
      folder: healthFolder(paths.home),
      emit: (event) => events.emit('health.sample', event),
      publish: (event, profileId) => notifications.publish(event, { repositoryDir: profiles.get(profileId).repositoryDir }),
      clock: options.clock,
      ticker: options.healthTicker,
    }),
  };
}
