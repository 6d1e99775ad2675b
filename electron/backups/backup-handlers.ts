import type { backupRequests } from '../../shared/contract/backups';
import { logicalJobKinds } from '../../shared/domain/backup';
import { TidemarkError } from '../../shared/domain/errors';
import type { HandlersFor } from '../api/handlers-for';
import type { Services } from '../api/services';
import { withClient } from '../profiles/open-client';
import { verifyStoredPhysicalBackup } from '../physical/verify-stored-backup';
import { backupContents, backupKindOf, deleteBackup, getBackup, getLogicalBackup, listBackups } from './backup-history';
import { listBackupableDatabases, readDatabaseFacts } from './database-catalog';
import { importBackup } from './import-backup';
import { previewLogicalBackup, runLogicalBackup, type LogicalBackupPlan } from './logical-backup';
import { verifyBackup } from './verify-backup';

export function backupHandlers(services: Services): HandlersFor<typeof backupRequests> {
  async function planOf(input: Parameters<HandlersFor<typeof backupRequests>['backups.startLogical']>[0]): Promise<LogicalBackupPlan> {
    const access = services.connections.accessOf(input.connection);
    const layout = await services.repositories.open({ repositoryDir: input.repositoryDir, profile: access.profile });
    return { access, databases: input.databases, options: input.options, layout, testRestoreAfter: input.testRestoreAfter };
  }

  return {
    'backups.list': async (filter) => listBackups(services, filter),
    'backups.get': async ({ id, repositoryDir }) => getBackup(services, id, repositoryDir),
    'backups.delete': async ({ id, confirm, repositoryDir }) => deleteBackup(services, id, confirm, repositoryDir),
    'backups.preview': async (input) => previewLogicalBackup(services, await planOf(input)),
    'backups.startLogical': async (input) => {
      const plan = await planOf(input);
      const what = plan.databases === 'all' ? 'all databases' : plan.databases.join(', ');
      const job = services.jobs.start({
        kind: logicalJobKinds.backup,
        title: `Logical backup of ${what}${plan.access.profile ? ` (${plan.access.profile.name})` : ''}`,
        run: (context) => runLogicalBackup(services, plan, context),
      });
      return { jobId: job.id };
    },
    'backups.verify': async ({ id, repositoryDir, testRestore, connection }) => {
      const found = await backupKindOf(services, id, repositoryDir);
      if (found.kind === 'physical') {
        if (testRestore) {
          throw new TidemarkError('invalid_input', `Backup ${id} is a base backup: its test restore is a point-in-time recovery into a new directory.`, {
            hint: `Run tidemark pitr --immediate --backup ${id} --data-dir DIR, then remove the copy.`,
          });
        }
        const job = services.jobs.start({
          kind: logicalJobKinds.verify,
          title: `Verify base backup ${id}`,
          run: (context) => verifyStoredPhysicalBackup(services, found.layout, id, context),
        });
        return { jobId: job.id };
      }
      const { layout } = await getLogicalBackup(services, id, repositoryDir);
      const access = connection ? services.connections.accessOf(connection) : undefined;
      const job = services.jobs.start({
        kind: logicalJobKinds.verify,
        title: `Verify backup ${id}${testRestore ? ' (test restore)' : ''}`,
        run: (context) => verifyBackup(services, layout, id, { testRestore, access }, context),
      });
      return { jobId: job.id };
    },
    'backups.import': async ({ path, repositoryDir, profileId, database }) => {
      const profile = profileId ? services.profiles.get(profileId) : null;
      const layout = await services.repositories.open({ repositoryDir, profile });
      return importBackup(services, layout, { path, profile, database });
    },
    'backups.databases': async ({ connection }) => {
      const access = services.connections.accessOf(connection);
      return withClient(await access.connect(), async (client) => {
        const databases = [];
        for (const name of await listBackupableDatabases(client))
          databases.push({ name, sizeBytes: (await readDatabaseFacts(client, name))?.sizeBytes ?? null });
        return { databases };
      });
    },
    'backups.contents': async ({ id, repositoryDir }) => backupContents(services, id, repositoryDir),
  };
}
