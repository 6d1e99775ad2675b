import { TidemarkError, toErrorPayload } from '../../shared/domain/errors';
import { sandboxClusterId, type SandboxStatus } from '../../shared/domain/sandbox';
import type { ManagedClusters } from '../clusters/managed-clusters';
import { refuseRoot, runningAsRoot } from '../clusters/refuse-root';
import type { JobRegistry } from '../jobs/job-registry';
import type { ToolService } from '../pgtools/tool-service';
import type { TidemarkPaths } from '../settings/tidemark-home';
import { createSandbox, pickSandboxBinaries, type SandboxCreationDeps } from './create-sandbox';
import { claimSandboxFolder, sandboxCreator, sandboxFolder } from './sandbox-folder';
import { sandboxStatusOf } from './sandbox-status';

const noSandbox = () =>
  new TidemarkError('cluster_not_found', 'There is no sandbox yet.', {
    hint: 'Create it with the button on the first screen, or `tidemark sandbox create`.',
  });

/** The sandbox lives in the clusters folder; its create job needs the tools and the job registry. */
export interface SandboxServiceDeps extends SandboxCreationDeps {
  readonly paths: TidemarkPaths;
  readonly clusters: ManagedClusters;
  readonly tools: ToolService;
  readonly jobs: JobRegistry;
}

/**
 * The local sandbox: one managed cluster (id "sandbox") with a sample database and a profile.
 * It keeps no state of its own: the registry record says it exists, its data directory says
 * whether it runs, and the folder's creating marker says a create is under way.
 */
export class SandboxService {
  constructor(private readonly services: SandboxServiceDeps) {}

  private get paths() {
    return sandboxFolder(this.services.paths.clustersDir);
  }

  async status(): Promise<SandboxStatus> {
    const record = this.services.clusters.find(sandboxClusterId);
    if (record) {
      const { state } = await this.services.clusters.status(record.id);
      if (state !== 'missing') return sandboxStatusOf(record, state);
    }
    const absent = await this.whyNotCreatable();
    if (record)
      return {
        state: 'absent',
        canCreate: absent === null,
        reason: absent ?? `The sandbox's data folder ${record.dataDir} is gone; create the sandbox again.`,
      };
    return absent === null ? { state: 'absent', canCreate: true } : { state: 'absent', canCreate: false, reason: absent };
  }

  /** Checks everything that can be checked at once, then starts the create job. */
  async create(): Promise<{ jobId: string }> {
    refuseRoot('create a PostgreSQL cluster');
    const existing = this.services.clusters.find(sandboxClusterId);
    if (existing && (await this.services.clusters.status(existing.id)).state !== 'missing') {
      throw new TidemarkError('cluster_exists', `The sandbox already exists in ${existing.dataDir}.`, {
        hint: 'Start it with `tidemark sandbox start` or from the app.',
        details: { clusterId: existing.id, port: existing.port },
      });
    }
    const binaries = await pickSandboxBinaries(this.services.tools);
    const paths = this.paths;
    const { removedLeftover } = await claimSandboxFolder(paths, binaries);
    // Past the claim: no other creator runs, so forgetting a record whose folder is gone is safe.
    if (existing) this.forgetSandbox(existing.profileId);
    const job = this.services.jobs.start({
      kind: 'sandbox.create',
      title: 'Create the sandbox',
      run: (context) => {
        if (removedLeftover) context.log('warning', `Removed what an interrupted create left in ${paths.folder}.`);
        if (existing) context.log('warning', `Forgot the previous sandbox, whose data folder ${existing.dataDir} was gone.`);
        return createSandbox(context, this.services, binaries, paths);
      },
    });
    return { jobId: job.id };
  }

  async start(): Promise<SandboxStatus> {
    if (!this.services.clusters.find(sandboxClusterId)) throw noSandbox();
    const { record, portChange } = await this.services.clusters.start(sandboxClusterId);
    return sandboxStatusOf(record, 'running', portChange);
  }

  async stop(): Promise<SandboxStatus> {
    if (!this.services.clusters.find(sandboxClusterId)) throw noSandbox();
    const record = await this.services.clusters.stop(sandboxClusterId);
    return sandboxStatusOf(record, 'stopped');
  }

  async setKeepRunning(keepRunning: boolean): Promise<SandboxStatus> {
    if (!this.services.clusters.find(sandboxClusterId)) throw noSandbox();
    this.services.clusters.update(sandboxClusterId, { keepRunning });
    return this.status();
  }

  /** Why a create would fail right now, or null when it can go ahead. */
  private async whyNotCreatable(): Promise<string | null> {
    if (runningAsRoot()) return "Tidemark runs as root, and PostgreSQL's server refuses to: run it as an ordinary user to create the sandbox.";
    const creator = await sandboxCreator(this.paths);
    if (creator !== null) return 'The sandbox is being created right now.';
    try {
      await pickSandboxBinaries(this.services.tools);
      return null;
    } catch (error) {
      const payload = toErrorPayload(error);
      return payload.hint ? `${payload.message} ${payload.hint}` : payload.message;
    }
  }

  /** Drops the registry record and the profile of a sandbox whose data folder is gone. */
  private forgetSandbox(profileId: string | null): void {
    this.services.clusters.remove(sandboxClusterId);
    const profiles = this.services.profiles;
    for (const profile of profiles.list()) {
      if (profile.id === profileId || profile.managedClusterId === sandboxClusterId) {
        profiles.remove(profile.id);
        void this.services.secrets.delete(profile).catch(() => undefined);
      }
    }
  }
}
