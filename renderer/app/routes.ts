import { useSyncExternalStore } from 'react';

/**
 * The app's places, kept in the URL's hash: it works under Electron's app:// protocol and in
 * browser mode alike, and leaves the query (browser mode's token) alone.
 */
export type Route =
  | { page: 'overview' }
  | { page: 'connections' }
  | { page: 'new-connection' }
  | { page: 'connection'; profileId: string }
  | { page: 'edit-connection'; profileId: string }
  | { page: 'archiving'; profileId: string }
  | { page: 'physical-backup'; profileId: string }
  | { page: 'retention'; profileId: string }
  | { page: 'snapshots'; profileId: string; database?: string }
  /** A profile's health dashboard; without a profile, the page asks which. */
  | { page: 'health'; profileId?: string }
  | { page: 'wal-archive'; systemIdentifier?: string; repositoryDir?: string }
  | { page: 'recovery'; profileId?: string }
  | { page: 'clusters' }
  | { page: 'tools' }
  | { page: 'notifications' }
  | { page: 'backups'; backupId?: string }
  | { page: 'new-backup'; profileId?: string }
  | { page: 'logical-restore'; backupId?: string }
  /** The Schedules page; `history` opens one schedule's runs beside it. */
  | { page: 'schedules'; history?: ScheduleRef }
  | { page: 'new-schedule'; profileId?: string }
  | { page: 'edit-schedule'; schedule: ScheduleRef };

/** A schedule by name, in the repository that holds it (names are unique per repository). */
export interface ScheduleRef {
  name: string;
  repositoryDir?: string;
}

/** "name" or "name/repository", the part of a schedule's address after its action. */
function schedulePath(ref: ScheduleRef): string {
  return `${encodeURIComponent(ref.name)}${ref.repositoryDir ? `/${encodeURIComponent(ref.repositoryDir)}` : ''}`;
}

function scheduleRefOf(name: string, repositoryDir: string | undefined): ScheduleRef {
  return repositoryDir ? { name, repositoryDir } : { name };
}

export function hrefFor(route: Route): string {
  switch (route.page) {
    case 'overview':
      return '#/';
    case 'connections':
      return '#/connections';
    case 'new-connection':
      return '#/connections/new';
    case 'connection':
      return `#/connections/${encodeURIComponent(route.profileId)}`;
    case 'edit-connection':
      return `#/connections/${encodeURIComponent(route.profileId)}/edit`;
    case 'recovery':
      return route.profileId ? `#/recovery/${encodeURIComponent(route.profileId)}` : '#/recovery';
    case 'clusters':
      return '#/clusters';
    case 'tools':
      return '#/tools';
    case 'notifications':
      return '#/notifications';
    case 'archiving':
      return `#/connections/${encodeURIComponent(route.profileId)}/archiving`;
    case 'physical-backup':
      return `#/connections/${encodeURIComponent(route.profileId)}/physical-backup`;
    case 'retention':
      return `#/connections/${encodeURIComponent(route.profileId)}/retention`;
    case 'snapshots':
      return `#/connections/${encodeURIComponent(route.profileId)}/snapshots${route.database ? `/${encodeURIComponent(route.database)}` : ''}`;
    case 'health':
      return route.profileId ? `#/health/${encodeURIComponent(route.profileId)}` : '#/health';
    case 'wal-archive':
      if (!route.systemIdentifier) return '#/wal-archive';
      return `#/wal-archive/${route.systemIdentifier}${route.repositoryDir ? `/${encodeURIComponent(route.repositoryDir)}` : ''}`;
    case 'backups':
      return route.backupId ? `#/backups/${encodeURIComponent(route.backupId)}` : '#/backups';
    case 'new-backup':
      return route.profileId ? `#/backups/new/${encodeURIComponent(route.profileId)}` : '#/backups/new';
    case 'logical-restore':
      return route.backupId ? `#/logical-restore/${encodeURIComponent(route.backupId)}` : '#/logical-restore';
    case 'schedules':
      return route.history ? `#/schedules/history/${schedulePath(route.history)}` : '#/schedules';
    case 'new-schedule':
      return route.profileId ? `#/schedules/new/${encodeURIComponent(route.profileId)}` : '#/schedules/new';
    case 'edit-schedule':
      return `#/schedules/edit/${schedulePath(route.schedule)}`;
  }
}

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third, fourth] = parts;
  if (first === 'connections') {
    if (!second) return { page: 'connections' };
    if (second === 'new') return { page: 'new-connection' };
    if (third === 'archiving') return { page: 'archiving', profileId: second };
    if (third === 'physical-backup') return { page: 'physical-backup', profileId: second };
    if (third === 'retention') return { page: 'retention', profileId: second };
    if (third === 'snapshots') return fourth ? { page: 'snapshots', profileId: second, database: fourth } : { page: 'snapshots', profileId: second };
    return third === 'edit' ? { page: 'edit-connection', profileId: second } : { page: 'connection', profileId: second };
  }
  if (first === 'recovery') return second ? { page: 'recovery', profileId: second } : { page: 'recovery' };
  if (first === 'health') return second ? { page: 'health', profileId: second } : { page: 'health' };
  if (first === 'clusters') return { page: 'clusters' };
  if (first === 'tools') return { page: 'tools' };
  if (first === 'notifications') return { page: 'notifications' };
  if (first === 'wal-archive') {
    if (!second) return { page: 'wal-archive' };
    return third ? { page: 'wal-archive', systemIdentifier: second, repositoryDir: third } : { page: 'wal-archive', systemIdentifier: second };
  }
  // Backup ids ("20260213T020000Z-a1b2c3") never read "new".
  if (first === 'backups') {
    if (second === 'new') return third ? { page: 'new-backup', profileId: third } : { page: 'new-backup' };
    return second ? { page: 'backups', backupId: second } : { page: 'backups' };
  }
  // The action comes before the schedule's name, so a schedule may be called "new" or "edit".
  if (first === 'schedules') {
    if (second === 'new') return third ? { page: 'new-schedule', profileId: third } : { page: 'new-schedule' };
    if (second === 'edit' && third) return { page: 'edit-schedule', schedule: scheduleRefOf(third, fourth) };
    if (second === 'history' && third) return { page: 'schedules', history: scheduleRefOf(third, fourth) };
    return { page: 'schedules' };
  }
  if (first === 'logical-restore') return second ? { page: 'logical-restore', backupId: second } : { page: 'logical-restore' };
  return { page: 'overview' };
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash);
  return parseRoute(hash);
}

export function navigate(route: Route): void {
  window.location.hash = hrefFor(route);
}
