import type { backupRequests } from '../../shared/contract/backups';
import type { HandlersFor } from '../../shared/contract/handlers-for';
import type { BackupService } from './backup-service';

export function backupHandlers(backups: BackupService): HandlersFor<typeof backupRequests> {
  return {
    'backups.list': (filter) => backups.list(filter),
    'backups.get': ({ id, repositoryDir }) => backups.get(id, repositoryDir),
    'backups.delete': ({ id, confirm, repositoryDir }) => backups.delete(id, confirm, repositoryDir),
    'backups.preview': (input) => backups.preview(input),
    'backups.startLogical': (input) => backups.startLogical(input),
    'backups.verify': (input) => backups.verify(input),
    'backups.import': (input) => backups.import(input),
    'backups.databases': ({ connection }) => backups.databases(connection),
    'backups.contents': ({ id, repositoryDir }) => backups.contents(id, repositoryDir),
  };
}
