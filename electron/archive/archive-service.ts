import type { RequestParsed } from '../../shared/contract';
import type { JobStarted } from '../../shared/contract/define';
import type { ArchiverStatus, ArchiveSetupPlan } from '../../shared/domain/archiving';
import type { ManagedClusters } from '../clusters/managed-clusters';
import type { JobRegistry } from '../jobs/job-registry';
import type { ConnectionResolver } from '../profiles/connection-resolver';
import { withClient } from '../profiles/open-client';
import type { Repositories } from '../repository/repositories';
import { archiveDirFor } from '../wal/archive-folder';
import { querySystemIdentifier } from '../wal/archive-server-settings';
import { serverContext } from '../wal/server-context';
import { applyArchiveSetup, planArchiveSetup } from './archive-setup';
import { verifyArchiving } from './archive-verification';
import { newArchiverHistory, readArchiverStatus } from './archiver-status';

export interface ArchiveServiceDeps {
  readonly connections: ConnectionResolver;
  readonly repositories: Repositories;
  /** A managed cluster (the sandbox) is restarted by setup, and its record keeps the archive folder. */
  readonly clusters: ManagedClusters;
  readonly jobs: JobRegistry;
}

/** WAL archiving of a server into the repository: the plan, applying it, verifying it, the archiver's status. */
export class ArchiveService {
  // The previous reading per cluster, for as long as the host runs: "failed_count rising".
  private readonly history = newArchiverHistory();

  constructor(private readonly deps: ArchiveServiceDeps) {}

  async plan({ server, repositoryDir, method, archiveTimeoutSeconds }: RequestParsed<'archive.plan'>): Promise<ArchiveSetupPlan> {
    return planArchiveSetup(this.deps.clusters, await serverContext(this.deps, server, repositoryDir), { method, archiveTimeoutSeconds });
  }

  async apply(input: RequestParsed<'archive.apply'>): Promise<JobStarted<'archive.setup'>> {
    const context = await serverContext(this.deps, input.server, input.repositoryDir);
    const job = this.deps.jobs.start({
      kind: 'archive.setup',
      title: `Set up WAL archiving for ${context.connection.label}`,
      run: (job) =>
        applyArchiveSetup(this.deps.clusters, context, {
          method: input.method,
          archiveTimeoutSeconds: input.archiveTimeoutSeconds,
          restart: input.restart,
          verify: input.verify,
          verifyTimeoutMs: input.verifyTimeoutMs,
          signal: job.signal,
          onStep: (phase, message) => {
            job.progress({ phase, message });
            job.log('info', message);
          },
          reconnect: () => serverContext(this.deps, input.server, input.repositoryDir),
        }),
    });
    return { jobId: job.id };
  }

  async verify({ server, repositoryDir, timeoutMs }: RequestParsed<'archive.verify'>): Promise<JobStarted<'archive.verify'>> {
    const context = await serverContext(this.deps, server, repositoryDir);
    const job = this.deps.jobs.start({
      kind: 'archive.verify',
      title: `Verify WAL archiving of ${context.connection.label}`,
      run: async (job) => {
        job.progress({ phase: 'verifying', message: 'Switching to a new WAL segment and waiting for it in the repository.' });
        const systemIdentifier = await withClient(context.connection, querySystemIdentifier);
        return verifyArchiving(context.connection, archiveDirFor(context.repositoryRoot, systemIdentifier), { timeoutMs, signal: job.signal });
      },
    });
    return { jobId: job.id };
  }

  async status({ server }: RequestParsed<'archive.status'>): Promise<ArchiverStatus> {
    const context = await serverContext(this.deps, server);
    return withClient(context.connection, (client) => readArchiverStatus(client, this.history));
  }
}
