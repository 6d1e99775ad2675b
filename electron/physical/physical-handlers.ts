import type { physicalRequests } from '../../shared/contract/physical';
import type { HandlersFor } from '../api/handlers-for';
import type { Services } from '../api/services';
import { pickTool } from '../pgtools/discovery';
import { withClient } from '../profiles/open-client';
import { readArchiveServerSettings } from '../wal/archive-server-settings';
import { serverContext } from '../wal/server-context';
import { basebackupCapabilities } from './basebackup-capabilities';
import { runPhysicalBackup } from './physical-backup';
import { listPhysicalBackups, summarizePhysicalBackup } from './physical-backups';

export function physicalHandlers(services: Services): HandlersFor<typeof physicalRequests> {
  return {
    'physical.capabilities': async ({ server }) => {
      const context = await serverContext(services, server);
      return withClient(context.connection, async (client) => {
        const settings = await readArchiveServerSettings(client);
        const tool = pickTool(await services.tools.inventory(), 'pg_basebackup', settings.majorVersion, 'at-least-server');
        return basebackupCapabilities(client, settings, tool);
      });
    },
    'physical.backup': async (input) => {
      const context = await serverContext(services, input.server, input.repositoryDir);
      const job = services.jobs.start({
        kind: 'backup.physical',
        title: `Physical backup of ${context.connection.label}`,
        run: (job) =>
          runPhysicalBackup(
            services,
            context,
            {
              format: input.format,
              compression: input.compression,
              checkpoint: input.checkpoint,
              label: input.label,
              verify: input.verify,
              maxRateKbps: input.maxRateKbps,
            },
            job,
          ),
      });
      return { jobId: job.id };
    },
    'physical.list': async ({ repositoryDir: dir, systemIdentifier }) => {
      const layout = await services.repositories.open({ repositoryDir: dir });
      const { backups } = await listPhysicalBackups(layout, systemIdentifier);
      return backups.map((backup) => summarizePhysicalBackup(backup, layout.root));
    },
  };
}
