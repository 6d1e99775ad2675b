import { describe, expect, it } from 'vitest';
import { hrefFor, parseRoute, type Route } from './routes';

describe('routes', () => {
  const routes: Route[] = [
    { page: 'overview' },
    { page: 'connections' },
    { page: 'new-connection' },
    { page: 'connection', profileId: 'a1/b 2' },
    { page: 'edit-connection', profileId: 'x' },
    { page: 'archiving', profileId: 'p 1' },
    { page: 'physical-backup', profileId: 'p/2' },
    { page: 'retention', profileId: 'p 3' },
    { page: 'snapshots', profileId: 'p 3' },
    { page: 'snapshots', profileId: 'p 3', database: 'Shop "dev" ñ/x' },
    { page: 'health' },
    { page: 'health', profileId: 'p/4 x' },
    { page: 'wal-archive' },
    { page: 'wal-archive', systemIdentifier: '7401234567890123456' },
    { page: 'wal-archive', systemIdentifier: '7401234567890123456', repositoryDir: '/srv/tidemark repo' },
    { page: 'tools' },
    { page: 'notifications' },
    { page: 'backups' },
    { page: 'backups', backupId: '20260213T020000Z-a1b2c3' },
    { page: 'new-backup' },
    { page: 'new-backup', profileId: 'p/1' },
    { page: 'logical-restore' },
    { page: 'logical-restore', backupId: '20260213T020000Z-a1b2c3' },
    { page: 'schedules' },
    { page: 'schedules', history: { name: 'nightly shop' } },
    { page: 'schedules', history: { name: 'new', repositoryDir: '/srv/tidemark repo' } },
    { page: 'new-schedule' },
    { page: 'new-schedule', profileId: 'p/1' },
    { page: 'edit-schedule', schedule: { name: 'edit' } },
    { page: 'edit-schedule', schedule: { name: 'hourly.orders', repositoryDir: '/srv/repo' } },
  ];

  it.each(routes)('reads back what hrefFor wrote: %o', (route) => {
    expect(parseRoute(hrefFor(route))).toEqual(route);
  });

  it('falls back to the overview for an unknown or empty hash', () => {
    expect(parseRoute('')).toEqual({ page: 'overview' });
    expect(parseRoute('#/no/such/page')).toEqual({ page: 'overview' });
  });
});
