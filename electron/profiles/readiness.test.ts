import { describe, expect, it } from 'vitest';
import type { ServerFacts } from '../../shared/domain/server';
import { assessReadiness } from './readiness';

function facts(overrides: Partial<ServerFacts> = {}, role: Partial<ServerFacts['role']> = {}): ServerFacts {
  return {
    serverVersion: '15.18',
    serverVersionNum: 150018,
    majorVersion: 15,
    systemIdentifier: '7400000000000000001',
    dataDirectory: '/var/lib/postgresql/15/main',
    timeZone: 'UTC',
    serverTime: '2025-01-01T00:00:00+00:00',
    currentDatabase: 'app',
    walLevel: 'replica',
    archiveMode: 'on',
    archiveCommand: 'cp %p /archive/%f',
    archiveLibrary: '',
    archiveTimeoutSeconds: 60,
    maxWalSenders: 10,
    inRecovery: false,
    ssl: false,
    unreadableRelations: { count: 0, examples: [] },
    ...overrides,
    role: { name: 'postgres', superuser: true, replication: true, readAllData: true, ...role },
  };
}

describe('assessReadiness', () => {
  it('a superuser on a server that archives is ready for everything', () => {
    const readiness = assessReadiness(facts());
    expect(readiness.logicalBackup).toMatchObject({ ready: true, missing: [] });
    expect(readiness.physicalBackup).toMatchObject({ ready: true, missing: [] });
    expect(readiness.pointInTimeRecovery).toMatchObject({ ready: true, missing: [] });
    // pg_hba.conf cannot be read remotely: said, not hidden.
    expect(readiness.physicalBackup.notes.join(' ')).toMatch(/pg_hba\.conf/);
  });

  it('logical backup: a role without pg_read_all_data that cannot read some tables names them and the GRANT', () => {
    const readiness = assessReadiness(
      facts(
        { unreadableRelations: { count: 7, examples: ['public.a', 'public.b'] } },
        { name: 'app_ro', superuser: false, readAllData: false, replication: false },
      ),
    );
    expect(readiness.logicalBackup.ready).toBe(false);
    expect(readiness.logicalBackup.missing[0]).toContain('7 tables or sequences');
    expect(readiness.logicalBackup.missing[0]).toContain('public.a, public.b, …');
    expect(readiness.logicalBackup.missing[0]).toContain('GRANT pg_read_all_data TO app_ro');
  });

  it('logical backup: before PostgreSQL 14 the hint grants SELECT instead of pg_read_all_data', () => {
    const readiness = assessReadiness(
      facts({ majorVersion: 13, unreadableRelations: { count: 1, examples: ['s.t'] } }, { name: 'User', superuser: false, readAllData: false }),
    );
    expect(readiness.logicalBackup.missing[0]).toContain('1 table or sequence');
    expect(readiness.logicalBackup.missing[0]).toContain('"User"');
    expect(readiness.logicalBackup.missing[0]).not.toContain('pg_read_all_data');
  });

  it('logical backup: pg_read_all_data is enough, and a role that reads everything today is ready with a note', () => {
    expect(assessReadiness(facts({}, { superuser: false, readAllData: true })).logicalBackup.ready).toBe(true);
    const today = assessReadiness(facts({}, { name: 'owner', superuser: false, readAllData: false })).logicalBackup;
    expect(today.ready).toBe(true);
    expect(today.notes[0]).toContain('tables added later');
  });

  it('physical backup: wal_level minimal, no WAL senders and no REPLICATION are each named with the fix', () => {
    const readiness = assessReadiness(
      facts({ walLevel: 'minimal', maxWalSenders: 0, archiveMode: 'off' }, { name: 'bob', superuser: false, replication: false }),
    );
    expect(readiness.physicalBackup.ready).toBe(false);
    expect(readiness.physicalBackup.missing).toEqual([
      expect.stringContaining('wal_level is minimal: set wal_level = replica'),
      expect.stringContaining('max_wal_senders is 0'),
      expect.stringContaining('ALTER ROLE bob REPLICATION'),
    ]);
  });

  it('physical backup: REPLICATION without superuser is enough; one WAL sender is a note, not a blocker', () => {
    const capability = assessReadiness(facts({ maxWalSenders: 1 }, { superuser: false, replication: true })).physicalBackup;
    expect(capability.ready).toBe(true);
    expect(capability.notes.join(' ')).toContain('max_wal_senders is 1');
  });

  it('PITR: archive_mode off is missing, and so is physical readiness', () => {
    const off = assessReadiness(facts({ archiveMode: 'off', archiveCommand: '(disabled)' })).pointInTimeRecovery;
    expect(off.ready).toBe(false);
    expect(off.missing).toEqual([expect.stringContaining('archive_mode is off')]);
    const noReplication = assessReadiness(facts({}, { superuser: false, replication: false })).pointInTimeRecovery;
    expect(noReplication.missing).toEqual([expect.stringContaining('physical backups are not ready')]);
  });

  it('PITR: archive_mode on with neither archive_command nor archive_library is missing; a library alone is fine', () => {
    expect(assessReadiness(facts({ archiveCommand: '', archiveLibrary: '' })).pointInTimeRecovery.missing).toEqual([
      expect.stringContaining('neither archive_command nor archive_library'),
    ]);
    expect(assessReadiness(facts({ archiveCommand: '', archiveLibrary: 'basic_archive' })).pointInTimeRecovery.ready).toBe(true);
  });

  it('PITR: an archive_command hidden from the role is a note, not a verdict', () => {
    const capability = assessReadiness(facts({ archiveCommand: null, archiveLibrary: null }, { name: 'ops', superuser: false })).pointInTimeRecovery;
    expect(capability.ready).toBe(true);
    expect(capability.notes.join(' ')).toContain('archive_command is hidden from role ops');
  });

  it('PITR: a standby with archive_mode = on does not archive; always does', () => {
    expect(assessReadiness(facts({ inRecovery: true })).pointInTimeRecovery.missing).toEqual([expect.stringContaining('archive_mode = always')]);
    expect(assessReadiness(facts({ inRecovery: true, archiveMode: 'always' })).pointInTimeRecovery.ready).toBe(true);
  });

  it('PITR: archive_timeout 0 is a note', () => {
    expect(assessReadiness(facts({ archiveTimeoutSeconds: 0 })).pointInTimeRecovery.notes.join(' ')).toContain('archive_timeout is 0');
  });
});
