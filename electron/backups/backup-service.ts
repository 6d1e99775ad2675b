import type { ConnectionRef } from '../../shared/contract/backups';
import type { RequestParsed } from '../../shared/contract';
import {
  type BackupContents,
  type BackupList,
  type BackupManifest,
  type LogicalBackupPreview,
  type LogicalManifest,
  type VerifyResult,
} from '../../shared/domain/backup';
import { TidemarkError } from '../../shared/domain/errors';
import type { JobContext, JobRegistry } from '../jobs/job-registry';
import type { ToolService } from '../pgtools/tool-service';
import type { ConnectionResolver } from '../profiles/connection-resolver';
import { withClient } from '../profiles/open-client';
import type { ProfileStore } from '../profiles/profile-store';
import type { RepositoryLayout } from '../repository/layout';
import type { Repositories } from '../repository/repositories';
import { backupContents, backupKindOf, deleteBackup, getBackup, getLogicalBackup, listBackups, type BackupFilter } from './backup-history';
import { listBackupableDatabases, readDatabaseFacts } from './database-catalog';
import { importBackup } from './import-backup';
import { previewLogicalBackup, runLogicalBackup, type LogicalBackupPlan } from './logical-backup';
import { verifyBackup, type TestRestore } from './verify-backup';

export interface BackupServiceDeps {
  readonly connections: ConnectionResolver;
  readonly repositories: Repositories;
  readonly tools: ToolService;
  readonly jobs: JobRegistry;
  /** An import names its profile. */
  readonly profiles: ProfileStore;
  /** A logical backup's test restore (restore/'s testRestoreBackup): after a backup, or in a verification. */
  readonly testRestore: TestRestore;
  /** A base backup's re-check (physical/'s verifyStoredPhysicalBackup): the history lists every backup, and verifies each by its kind. */
  readonly verifyBaseBackup: VerifyBaseBackup;
}

/** Re-checks a base backup kept in the repository; physical/ provides it, above backups/. */
export type VerifyBaseBackup = (layout: RepositoryLayout, backupId: string, job: JobContext) => Promise<VerifyResult>;

/** Logical backups and the history of every backup: taking, listing, verifying, importing, deleting, their contents. */
export class BackupService {
  constructor(private readonly deps: BackupServiceDeps) {}

  async list(filter: BackupFilter): Promise<BackupList> {
    return listBackups(this.deps, filter);
  }

  async get(id: string, repositoryDir?: string): Promise<BackupManifest> {
    return getBackup(this.deps, id, repositoryDir);
  }

  async delete(id: string, confirm: string, repositoryDir?: string): Promise<{ id: string; deleted: true }> {
    return deleteBackup(this.deps, id, confirm, repositoryDir);
  }

  async preview(request: RequestParsed<'backups.preview'>): Promise<LogicalBackupPreview> {
    return previewLogicalBackup(this.deps, await this.planOf(request));
  }

  async startLogical(request: RequestParsed<'backups.startLogical'>): Promise<{ jobId: string }> {
    const plan = await this.planOf(request);
    const what = plan.databases === 'all' ? 'all databases' : plan.databases.join(', ');
    const job = this.deps.jobs.start({
      kind: 'backup.logical',
      title: `Logical backup of ${what}${plan.access.profile ? ` (${plan.access.profile.name})` : ''}`,
      run: (context) => runLogicalBackup(this.deps, plan, context),
    });
    return { jobId: job.id };
  }

  async verify({ id, repositoryDir, testRestore, connection }: RequestParsed<'backups.verify'>): Promise<{ jobId: string }> {
    const found = await backupKindOf(this.deps, id, repositoryDir);
    if (found.kind === 'physical') {
      if (testRestore) {
        throw new TidemarkError('invalid_input', `Backup ${id} is a base backup: its test restore is a point-in-time recovery into a new directory.`, {
          hint: `Run tidemark pitr --immediate --backup ${id} --data-dir DIR, then remove the copy.`,
        });
      }
      const job = this.deps.jobs.start({
        kind: 'backup.verify',
        title: `Verify base backup ${id}`,
        run: (context) => this.deps.verifyBaseBackup(found.layout, id, context),
      });
      return { jobId: job.id };
    }
    const { layout } = await getLogicalBackup(this.deps, id, repositoryDir);
    const access = connection ? this.deps.connections.accessOf(connection) : undefined;
    const job = this.deps.jobs.start({
      kind: 'backup.verify',
      title: `Verify backup ${id}${testRestore ? ' (test restore)' : ''}`,
      run: (context) => verifyBackup(this.deps, layout, id, { testRestore, access }, context),
    });
    return { jobId: job.id };
  }

  async import({ path, repositoryDir, profileId, database }: RequestParsed<'backups.import'>): Promise<LogicalManifest> {
    const profile = profileId ? this.deps.profiles.get(profileId) : null;
    const layout = await this.deps.repositories.open({ repositoryDir, profile });
    return importBackup(this.deps, layout, { path, profile, database });
  }

  /** The databases a logical backup can take on the server, with their sizes. */
  async databases(connection: ConnectionRef): Promise<{ databases: { name: string; sizeBytes: number | null }[] }> {
    const access = this.deps.connections.accessOf(connection);
    return withClient(await access.connect(), async (client) => {
      const databases = [];
      for (const name of await listBackupableDatabases(client)) databases.push({ name, sizeBytes: (await readDatabaseFacts(client, name))?.sizeBytes ?? null });
      return { databases };
    });
  }

  async contents(id: string, repositoryDir?: string): Promise<BackupContents> {
    return backupContents(this.deps, id, repositoryDir);
  }

  private async planOf(request: RequestParsed<'backups.startLogical'>): Promise<LogicalBackupPlan> {
    const access = this.deps.connections.accessOf(request.connection);
    const layout = await this.deps.repositories.open({ repositoryDir: request.repositoryDir, profile: access.profile });
    return { access, databases: request.databases, options: request.options, layout, testRestoreAfter: request.testRestoreAfter };
  }
}
