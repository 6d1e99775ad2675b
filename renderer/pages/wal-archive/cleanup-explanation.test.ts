import { describe, expect, it } from 'vitest';
import type { WalCleanupPlan } from '../../../shared/domain/wal-archive';
import { cleanupOutcome, fileCount, keptBackupRows, whyNothingToDelete } from './cleanup-explanation';

const mb16 = 16 * 1024 * 1024;

function plan(overrides: Partial<WalCleanupPlan>): WalCleanupPlan {
  return {
    systemIdentifier: '7412345678901234567',
    archiveDir: '/repo/wal/7412345678901234567',
    keptBackups: [],
    oldestNeededSegment: null,
    cutoffBackupId: null,
    deleteCount: 0,
    deleteBytes: 0,
    deleteSample: [],
    firstDeleted: null,
    lastDeleted: null,
    keepCount: 4,
    reason: null,
    ...overrides,
  };
}

describe('keptBackupRows', () => {
  it("keeps the service's order and marks the backup that sets the cutoff", () => {
    const rows = keptBackupRows({
      cutoffBackupId: 'oldest',
      keptBackups: [
        { backupId: 'oldest', startSegment: '000000010000000000000003', timeline: 1 },
        { backupId: 'forked', startSegment: '000000020000000000000005', timeline: 2 },
        { backupId: 'later', startSegment: '000000010000000000000009', timeline: 1 },
      ],
    });
    expect(rows.map((row) => [row.backupId, row.setsCutoff])).toEqual([
      ['oldest', true],
      ['forked', false],
      ['later', false],
    ]);
  });
});

describe('whyNothingToDelete', () => {
  it('says nothing when the preview deletes something', () => {
    expect(whyNothingToDelete(plan({ deleteCount: 3, oldestNeededSegment: '000000010000000000000005' }))).toBeNull();
  });

  it('without a base backup, says all WAL is kept and what would change it', () => {
    const why = whyNothingToDelete(plan({ reason: 'No complete physical backup of this cluster is in the repository.' }));
    expect(why?.title).toMatch(/No base backup yet/);
    expect(why?.reason).toBe('No complete physical backup of this cluster is in the repository.');
    expect(why?.whatNext).toMatch(/physical backup/);
  });

  it('with backups but nothing before the oldest, names the oldest kept backup', () => {
    const why = whyNothingToDelete(
      plan({
        oldestNeededSegment: '000000010000000000000003',
        reason: 'Nothing precedes 000000010000000000000003, the start of the oldest kept backup.',
        cutoffBackupId: 'b1',
        keptBackups: [
          { backupId: 'b1', startSegment: '000000010000000000000003', timeline: 1 },
          { backupId: 'b2', startSegment: '000000010000000000000009', timeline: 1 },
        ],
      }),
    );
    expect(why?.title).toBe('Nothing older than the oldest kept backup');
    expect(why?.reason).toMatch(/Nothing precedes 000000010000000000000003/);
    expect(why?.whatNext).toMatch(/^Recovery from b1 /);
  });
});

describe('cleanupOutcome', () => {
  it('all deleted: teal, with the bytes freed', () => {
    expect(cleanupOutcome({ deleteCount: 3, deleted: 3, freedBytes: 3 * mb16, failures: [] })).toEqual({
      color: 'teal',
      title: 'Deleted 3 files, freed 48 MB',
    });
    expect(cleanupOutcome({ deleteCount: 1, deleted: 1, freedBytes: mb16, failures: [] }).title).toBe('Deleted 1 file, freed 16 MB');
  });

  it('some failed: orange, with how many of how many', () => {
    const failures = [{ fileName: '000000010000000000000002', message: 'EACCES: permission denied' }];
    expect(cleanupOutcome({ deleteCount: 3, deleted: 2, freedBytes: 2 * mb16, failures })).toEqual({
      color: 'orange',
      title: 'Deleted 2 of 3 files, freed 32 MB; 1 file could not be removed',
    });
  });

  it('none deleted: red', () => {
    const failures = ['000000010000000000000001', '000000010000000000000002'].map((fileName) => ({ fileName, message: 'EROFS: read-only file system' }));
    expect(cleanupOutcome({ deleteCount: 2, deleted: 0, freedBytes: 0, failures })).toEqual({
      color: 'red',
      title: 'Nothing was deleted: 2 files could not be removed',
    });
  });
});

describe('fileCount', () => {
  it('says file or files', () => {
    expect([fileCount(0), fileCount(1), fileCount(2)]).toEqual(['0 files', '1 file', '2 files']);
  });
});
