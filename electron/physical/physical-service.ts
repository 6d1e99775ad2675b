import type { RequestParsed } from '../../shared/contract';
import type { ConnectionRef } from '../../shared/contract/backups';
import type { BasebackupCapabilities, PhysicalBackupSummary } from '../../shared/domain/physical';
import type { JobRegistry } from '../jobs/job-registry';
import { pickTool } from '../pgtools/discovery';
import type { ToolService } from '../pgtools/tool-service';
import type { ConnectionResolver } from '../profiles/connection-resolver';
import { withClient } from '../profiles/open-client';
import { listPhysicalBackups } from '../repository/physical-manifests';
import type { Repositories } from '../repository/repositories';
import { readArchiveServerSettings } from '../wal/archive-server-settings';
import { serverContext, type ServerContext } from '../wal/server-context';
import { basebackupCapabilities } from './basebackup-capabilities';
import { runPhysicalBackup } from './physical-backup';
import { summarizePhysicalBackup } from './physical-backup-summary';

export interface PhysicalServiceDeps {
  readonly connections: ConnectionResolver;
  readonly repositories: Repositories;
  readonly tools: ToolService;
  readonly jobs: JobRegistry;
}

/** Base backups (pg_basebackup): what the server and the tool can do, taking one, listing them. */
export class PhysicalService {
  constructor(private readonly deps: PhysicalServiceDeps) {}

  async capabilities(server: ConnectionRef): Promise<BasebackupCapabilities> {
    const context = await this.contextOf(server);
    return withClient(context.connection, async (client) => {
      const settings = await readArchiveServerSettings(client);
      const tool = pickTool(await this.deps.tools.inventory(), 'pg_basebackup', settings.majorVersion, 'at-least-server');
      return basebackupCapabilities(client, settings, tool);
    });
  }

  async backup(request: RequestParsed<'physical.backup'>): Promise<{ jobId: string }> {
    const context = await this.contextOf(request.server, request.repositoryDir);
    const job = this.deps.jobs.start({
      kind: 'backup.physical',
      title: `Physical backup of ${context.connection.label}`,
      run: (job) =>
        runPhysicalBackup(
          this.deps,
          context,
          {
            format: request.format,
            compression: request.compression,
            checkpoint: request.checkpoint,
            label: request.label,
            verify: request.verify,
            maxRateKbps: request.maxRateKbps,
          },
          job,
        ),
    });
    return { jobId: job.id };
  }

  async list({ repositoryDir, systemIdentifier }: RequestParsed<'physical.list'>): Promise<PhysicalBackupSummary[]> {
    const layout = await this.deps.repositories.open({ repositoryDir });
    const { backups } = await listPhysicalBackups(layout, systemIdentifier);
    return backups.map((backup) => summarizePhysicalBackup(backup, layout.root));
  }

  private contextOf(ref: ConnectionRef, repositoryOverride?: string): Promise<ServerContext> {
    return serverContext(this.deps, ref, repositoryOverride);
  }
}
