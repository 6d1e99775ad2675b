/** What the renderer's unit tests share: a profile, a backup history entry, pg_basebackup's answer. */
import type { BackupSummary } from '../shared/domain/backup';
import type { BasebackupCapabilities } from '../shared/domain/physical';
import type { ProfileView } from '../shared/domain/profile';

/** A connection to the database "shop". */
export const shopProfile = {
  id: 'p1',
  name: 'shop',
  target: { kind: 'params', host: 'h', port: 5432, database: 'shop', user: 'u', sslmode: 'prefer' },
  passwordSaved: true,
  summary: '',
} as ProfileView;

/** A complete, checksummed logical backup of shop by profile p1 ("prod"), changed by `patch`. */
export function backupSummary(id: string, patch: Partial<BackupSummary>): BackupSummary {
  return {
    id,
    kind: 'logical',
    status: 'complete',
    origin: 'tidemark',
    profile: { id: 'p1', name: 'prod' },
    database: 'shop',
    format: 'custom',
    startedAt: '2026-02-13T02:00:00Z',
    durationMs: 1000,
    totalBytes: 1024,
    verification: 'checksums-ok',
    lastVerifiedAt: null,
    failure: null,
    repositoryDir: '/repo',
    ...patch,
  };
}

/** PostgreSQL 15's pg_basebackup against a server with every compression, but those `unavailable` ("server-zstd": false). */
export function basebackupCapabilities(unavailable: Partial<Record<string, boolean>> = {}): BasebackupCapabilities {
  const option = (method: 'gzip' | 'lz4' | 'zstd', location: 'client' | 'server') => {
    const available = unavailable[`${location}-${method}`] ?? true;
    return { method, location, available, reason: available ? null : `The ${location}'s PostgreSQL was built without ${method}.`, workers: method === 'zstd' };
  };
  return {
    toolPath: '/usr/lib/postgresql/15/bin/pg_basebackup',
    toolVersion: '15.18',
    serverMajor: 15,
    compressions: (['gzip', 'lz4', 'zstd'] as const).flatMap((method) => [option(method, 'server'), option(method, 'client')]),
    verifiable: { plain: { direct: true, note: '' }, tar: { direct: false, note: '' } },
    allowed: true,
    problems: [],
  };
}
