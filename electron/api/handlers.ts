import { backupHandlers } from '../backups/backup-handlers';
import { jobHandlers } from '../jobs/job-handlers';
import { physicalHandlers } from '../physical/physical-handlers';
import { clusterHandlers } from '../clusters/cluster-handlers';
import { pitrHandlers } from '../pitr/pitr-handlers';
import { toolHandlers } from '../pgtools/tool-handlers';
import { profileHandlers } from '../profiles/profile-handlers';
import { restoreHandlers } from '../restore/restore-handlers';
import { sandboxHandlers } from '../sandbox/sandbox-handlers';
import { archiveHandlers } from '../archive/archive-handlers';
import { walHandlers } from '../wal/wal-handlers';
import { schedulerHandlers } from '../scheduler/scheduler-handlers';
import { notificationHandlers } from '../notifications/notification-handlers';
import { retentionHandlers } from '../retention/retention-handlers';
import { snapshotHandlers } from '../snapshots/snapshot-handlers';
import { healthHandlers } from '../health/health-handlers';
import { appHandlers } from './app-handlers';
import type { Handlers } from './dispatch';
import type { Services } from './services';

/** One handler per request of the contract; the compiler checks none is missing. */
export function createHandlers(services: Services): Handlers {
  return {
    ...appHandlers(services),
    ...jobHandlers(services.jobs),
    ...toolHandlers(services.tools),
    ...profileHandlers(services),
    ...sandboxHandlers(services.sandbox),
    ...backupHandlers(services.backups),
    ...restoreHandlers(services.restore),
    ...archiveHandlers(services.archive),
    ...walHandlers(services.wal),
    ...physicalHandlers(services.physical),
    ...pitrHandlers(services.pitr),
    ...clusterHandlers(services.clusterViews),
    ...schedulerHandlers(services.scheduler),
    ...notificationHandlers(services.notifications),
    ...retentionHandlers(services.retention),
    ...snapshotHandlers(services.snapshots),
    ...healthHandlers(services.health),
  };
}
