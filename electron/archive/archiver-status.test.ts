import { describe, expect, it } from 'vitest';
import type { ArchiverStatus } from '../../shared/domain/archiving';
import { archiverWarnings } from './archiver-status';

const now = new Date('2026-11-21T12:00:00Z');
const healthy: ArchiverStatus = {
  checkedAt: now.toISOString(),
  archiveMode: 'on',
  configured: true,
  archivedCount: 120,
  failedCount: 0,
  lastArchivedWal: '000000010000000000000078',
  lastArchivedTime: '2026-11-21T11:58:00Z',
  lastFailedWal: null,
  lastFailedTime: null,
  statsReset: null,
  readyCount: 0,
  readyCountProblem: null,
  currentLsn: { hi: 0, lo: 0x79000060 },
  currentWalFile: '000000010000000000000079',
  failedCountRising: false,
  warnings: [],
};
const codes = (status: Partial<ArchiverStatus>, walWritten = false) => archiverWarnings({ ...healthy, ...status }, { walWritten, now }).map((w) => w.code);

describe("the runbooks' archiver thresholds", () => {
  it('nothing to say about a healthy archiver, nor about an idle one', () => {
    expect(codes({})).toEqual([]);
    expect(codes({ lastArchivedTime: '2026-11-21T09:00:00Z' })).toEqual([]);
  });

  it('archiving off, or on with nothing to archive with', () => {
    expect(codes({ archiveMode: 'off' })).toEqual(['archiving-off']);
    expect(codes({ configured: false })).toEqual(['archiving-off']);
  });

  it('failing now (the last attempt failed), and failures rising since the last check', () => {
    expect(codes({ failedCount: 3, lastFailedWal: '000000010000000000000079', lastFailedTime: '2026-11-21T11:59:00Z' })).toEqual(['failing']);
    expect(codes({ failedCount: 3, failedCountRising: true, lastFailedTime: '2026-11-21T11:00:00Z' })).toEqual(['failures-rising']);
  });

  it('more than 100 segments waiting, and nothing archived for 10 minutes while WAL is written', () => {
    expect(codes({ readyCount: 101 })).toEqual(['backlog']);
    expect(codes({ readyCount: 100 })).toEqual([]);
    expect(codes({ lastArchivedTime: '2026-11-21T11:45:00Z' }, true)).toEqual(['stale']);
    expect(codes({ lastArchivedTime: '2026-11-21T11:45:00Z', readyCount: 3 })).toEqual(['stale']);
  });
});
