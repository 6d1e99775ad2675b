import type { ConnectionRef } from '../../shared/contract/backups';
import type { restoreRequests } from '../../shared/contract/restore';
import { logicalJobKinds } from '../../shared/domain/backup';
import { TidemarkError } from '../../shared/domain/errors';
import type { HandlersFor } from '../api/handlers-for';
import type { Services } from '../api/services';
import { getLogicalBackup } from '../backups/backup-history';
import { accessOfManifestProfile } from '../backups/verify-backup';
import { checkRestorePlan, previewLogicalRestore, runLogicalRestore, type RestorePlan } from './logical-restore';
import { readTargetInfo, terminateConnections } from './target-database';
import type { ServerAccess } from '../profiles/server-access';

export function restoreHandlers(services: Services): HandlersFor<typeof restoreRequests> {
  /** The server named, else the backup's own profile. */
  async function accessFor(input: { connection?: ConnectionRef; backupId?: string; repositoryDir?: string }): Promise<ServerAccess> {
    if (input.connection) return services.connections.accessOf(input.connection);
    if (!input.backupId) throw new TidemarkError('invalid_input', 'Name the server (connection) or the backup whose server to use (backupId).');
    const { manifest } = await getLogicalBackup(services, input.backupId, input.repositoryDir);
    return accessOfManifestProfile(services, manifest.profile);
  }

  async function planOf(input: Parameters<HandlersFor<typeof restoreRequests>['restore.startLogical']>[0]): Promise<RestorePlan> {
    const { layout, manifest } = await getLogicalBackup(services, input.backupId, input.repositoryDir);
    const access = input.connection ? services.connections.accessOf(input.connection) : accessOfManifestProfile(services, manifest.profile);
    return { layout, manifest, access, target: input.target, options: input.options };
  }

  return {
    'restore.preview': async (input) => previewLogicalRestore(services, await planOf(input)),
    'restore.targetInfo': async (input) => readTargetInfo(await accessFor(input), input.database),
    'restore.terminateConnections': async (input) => ({ terminated: await terminateConnections(await accessFor(input), input.database, input.confirm) }),
    'restore.startLogical': async (input) => {
      const plan = await planOf(input);
      // Refused at once (a missing confirmation, an option the format cannot do), not as a failed job.
      checkRestorePlan(plan);
      const job = services.jobs.start({
        kind: logicalJobKinds.restore,
        title: `Restore ${plan.manifest.logical.database} (${plan.manifest.id}) into ${plan.target.kind === 'new' ? 'new' : 'existing'} database ${plan.target.database}`,
        run: (context) => runLogicalRestore(services, plan, context),
      });
      return { jobId: job.id };
    },
  };
}
