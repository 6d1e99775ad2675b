import { describe, expect, it } from 'vitest';
import { scheduledBackupSchema } from '../../../shared/contract/schedules';
import { describeScheduledBackup, runnerStatus } from './schedule-text';

const lease = { ownerId: 'o1', host: 'web' as const, hostname: 'laptop', pid: 4242, startedAt: '2026-02-13T10:00:00Z', heartbeatAt: '2026-02-13T12:00:00Z' };

describe('a schedule in words', () => {
  it('says what a schedule backs up', () => {
    expect(describeScheduledBackup(scheduledBackupSchema.parse({ kind: 'logical', databases: ['shop', 'inventory'] }))).toBe(
      'shop, inventory · pg_dump, custom format',
    );
    expect(
      describeScheduledBackup(
        scheduledBackupSchema.parse({ kind: 'logical', databases: 'all', options: { format: 'plain', tables: ['public.orders'] }, testRestoreAfter: true }),
      ),
    ).toBe('all databases (some schemas or tables) · pg_dump, plain SQL, test-restored');
    expect(describeScheduledBackup(scheduledBackupSchema.parse({ kind: 'physical', compression: 'server-zstd:level=3' }))).toBe(
      'the whole cluster · pg_basebackup, tar, server-zstd:level=3, verified',
    );
    expect(describeScheduledBackup(scheduledBackupSchema.parse({ kind: 'physical', verify: false }))).toBe(
      'the whole cluster · pg_basebackup, tar, uncompressed',
    );
  });

  it('says who runs the schedules: this process, another, a gone one, or none', () => {
    expect(runnerStatus({ ...lease, stale: false, isThisProcess: true })).toEqual({
      state: 'running',
      thisProcess: true,
      text: 'Tidemark in browser mode (pid 4242 on laptop): the process this window talks to starts their backups.',
    });
    const other = runnerStatus({ ...lease, host: 'daemon', stale: false, isThisProcess: false });
    expect(other).toMatchObject({ state: 'running', thisProcess: false });
    expect(other.text).toContain('Tidemark daemon (pid 4242 on laptop) starts their backups, not the process this window talks to');
    const stale = runnerStatus({ ...lease, stale: true, isThisProcess: false });
    expect(stale.state).toBe('stale');
    expect(stale.text).toContain('it is gone');
    expect(runnerStatus(null)).toMatchObject({ state: 'none' });
  });
});
