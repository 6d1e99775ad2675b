import type { RequestParsed } from '../../shared/contract';
import type { ConnectionRef } from '../../shared/contract/backups';
import { TidemarkError } from '../../shared/domain/errors';
import type { RestorePreview, RestoreTargetInfo } from '../../shared/domain/restore';
import { getLogicalBackup } from '../backups/backup-history';
import type { JobRegistry } from '../jobs/job-registry';
import type { ToolService } from '../pgtools/tool-service';
import type { ConnectionResolver } from '../profiles/connection-resolver';
import type { ProfileStore } from '../profiles/profile-store';
import type { ServerAccess } from '../profiles/server-access';
import type { Repositories } from '../repository/repositories';
import { accessOfManifestProfile } from './backup-server';
import { checkRestorePlan, previewLogicalRestore, runLogicalRestore, type RestorePlan } from './logical-restore';
import { readTargetInfo, terminateConnections } from './target-database';
import { whileHeld } from '../repository/backup-holds';

export interface RestoreServiceDeps {
  readonly connections: ConnectionResolver;
  readonly repositories: Repositories;
  readonly tools: ToolService;
  readonly jobs: JobRegistry;
  /** Without a server named, a backup is restored on its own profile's. */
  readonly profiles: ProfileStore;
}

/** Logical restores (pg_restore or psql) into a new or an existing database, and what the wizard asks about the target first. */
export class RestoreService {
  constructor(private readonly deps: RestoreServiceDeps) {}

  async preview(request: RequestParsed<'restore.preview'>): Promise<RestorePreview> {
    return previewLogicalRestore(this.deps, await this.planOf(request));
  }

  async targetInfo(request: RequestParsed<'restore.targetInfo'>): Promise<RestoreTargetInfo> {
    return readTargetInfo(await this.accessFor(request), request.database);
  }

  async terminateConnections(request: RequestParsed<'restore.terminateConnections'>): Promise<{ terminated: number[] }> {
    return { terminated: await terminateConnections(await this.accessFor(request), request.database, request.confirm) };
  }

  async startLogical(request: RequestParsed<'restore.startLogical'>): Promise<{ jobId: string }> {
    const plan = await this.planOf(request);
    // Refused at once (a missing confirmation, an option the format cannot do), not as a failed job.
    checkRestorePlan(plan);
    const job = this.deps.jobs.start({
      kind: 'restore.logical',
      title: `Restore ${plan.manifest.logical.database} (${plan.manifest.id}) into ${plan.target.kind === 'new' ? 'new' : 'existing'} database ${plan.target.database}`,
      // Held while it runs, so retention never deletes the backup from under the restore.
      run: (context) =>
        whileHeld(plan.layout, plan.manifest.id, `logical restore into ${plan.target.database}`, () => runLogicalRestore(this.deps, plan, context)),
    });
    return { jobId: job.id };
  }

  /** The server named, else the backup's own profile. */
  private async accessFor(input: { connection?: ConnectionRef; backupId?: string; repositoryDir?: string }): Promise<ServerAccess> {
    if (input.connection) return this.deps.connections.accessOf(input.connection);
    if (!input.backupId) throw new TidemarkError('invalid_input', 'Name the server (connection) or the backup whose server to use (backupId).');
    const { manifest } = await getLogicalBackup(this.deps, input.backupId, input.repositoryDir);
    return accessOfManifestProfile(this.deps, manifest.profile);
  }

  private async planOf(request: RequestParsed<'restore.startLogical'>): Promise<RestorePlan> {
    const { layout, manifest } = await getLogicalBackup(this.deps, request.backupId, request.repositoryDir);
    const access = request.connection ? this.deps.connections.accessOf(request.connection) : accessOfManifestProfile(this.deps, manifest.profile);
    return { layout, manifest, access, target: request.target, options: request.options };
  }
}
