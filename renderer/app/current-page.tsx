import { ArchivingPage } from '../pages/archiving/archiving-page';
import { NewBackupPage } from '../pages/backup-new/new-backup-page';
import { BackupsPage } from '../pages/backups/backups-page';
import { ClustersPage } from '../pages/clusters/clusters-page';
import { ConnectionsPage } from '../pages/connections/connections-page';
import { HealthPage } from '../pages/health/health-page';
import { LogicalRestorePage } from '../pages/logical-restore/logical-restore-page';
import { NotificationsPage } from '../pages/notifications/notifications-page';
import { OverviewPage } from '../pages/overview/overview-page';
import { PhysicalBackupPage } from '../pages/physical-backup/physical-backup-page';
import { ProfileFormPage } from '../pages/profile-form/profile-form-page';
import { ProfilePage } from '../pages/profile/profile-page';
import { RecoveryPage } from '../pages/recovery/recovery-page';
import { RetentionPage } from '../pages/retention/retention-page';
import { SnapshotsPage } from '../pages/snapshots/snapshots-page';
import { EditSchedulePage, NewSchedulePage } from '../pages/schedules/schedule-form-page';
import { SchedulesPage } from '../pages/schedules/schedules-page';
import { ToolsPage } from '../pages/tools/tools-page';
import { WalArchivePage } from '../pages/wal-archive/wal-archive-page';
import type { Route } from './routes';

export function CurrentPage({ route }: { route: Route }) {
  switch (route.page) {
    case 'overview':
      return <OverviewPage />;
    case 'connections':
      return <ConnectionsPage />;
    case 'new-connection':
      return <ProfileFormPage profileId={null} />;
    case 'connection':
      return <ProfilePage profileId={route.profileId} />;
    case 'edit-connection':
      return <ProfileFormPage profileId={route.profileId} />;
    case 'recovery':
      return <RecoveryPage key={route.profileId ?? ''} profileId={route.profileId} />;
    case 'clusters':
      return <ClustersPage />;
    case 'archiving':
      return <ArchivingPage key={route.profileId} profileId={route.profileId} />;
    case 'physical-backup':
      return <PhysicalBackupPage key={route.profileId} profileId={route.profileId} />;
    case 'retention':
      return <RetentionPage key={route.profileId} profileId={route.profileId} />;
    case 'snapshots':
      return <SnapshotsPage key={`${route.profileId}/${route.database ?? ''}`} profileId={route.profileId} database={route.database} />;
    case 'health':
      return <HealthPage key={route.profileId ?? ''} profileId={route.profileId ?? null} />;
    case 'wal-archive':
      return <WalArchivePage systemIdentifier={route.systemIdentifier} repositoryDir={route.repositoryDir} />;
    case 'tools':
      return <ToolsPage />;
    case 'notifications':
      return <NotificationsPage />;
    case 'backups':
      return <BackupsPage backupId={route.backupId ?? null} />;
    case 'new-backup':
      return <NewBackupPage key={route.profileId ?? ''} profileId={route.profileId ?? null} />;
    case 'logical-restore':
      return <LogicalRestorePage key={route.backupId ?? ''} backupId={route.backupId ?? null} />;
    case 'schedules':
      return <SchedulesPage history={route.history ?? null} />;
    case 'new-schedule':
      return <NewSchedulePage key={route.profileId ?? ''} profileId={route.profileId ?? null} />;
    case 'edit-schedule':
      return <EditSchedulePage key={`${route.schedule.repositoryDir ?? ''}/${route.schedule.name}`} scheduleRef={route.schedule} />;
  }
}
