import { describe, expect, it } from 'vitest';
import { formatLsn } from '../../shared/domain/wal';
import { parseBackupLabel, parseLabelTime } from './backup-label';
import { parseTransactionRecord } from './segment-records';
import { parseTimelineHistory } from './timeline-history';

describe('what PostgreSQL writes about WAL, parsed', () => {
  it('a backup history file: start and stop points, timeline, label and times in UTC', () => {
    const label = parseBackupLabel(
      'START WAL LOCATION: 0/2000028 (file 000000010000000000000002)\nSTOP WAL LOCATION: 0/2000100 (file 000000010000000000000002)\nCHECKPOINT LOCATION: 0/2000060\nBACKUP METHOD: streamed\nBACKUP FROM: primary\nSTART TIME: 2026-11-21 05:17:35 UTC\nLABEL: nightly: app\nSTART TIMELINE: 1\nSTOP TIME: 2026-11-21 05:17:36 UTC\nSTOP TIMELINE: 1\n',
    )!;
    expect(formatLsn(label.startLsn)).toBe('0/2000028');
    expect(formatLsn(label.stopLsn!)).toBe('0/2000100');
    expect(label).toMatchObject({ startTimeline: 1, label: 'nightly: app', startTime: '2026-11-21T05:17:35.000Z', stopTime: '2026-11-21T05:17:36.000Z' });
  });

  it('times with a numeric offset convert; an ambiguous zone abbreviation does not', () => {
    expect(parseLabelTime('2026-11-21 08:17:35 +03')).toBe('2026-11-21T05:17:35.000Z');
    expect(parseLabelTime('2026-11-21 01:47:35 -0330')).toBe('2026-11-21T05:17:35.000Z');
    expect(parseLabelTime('2026-11-21 05:17:35 CST')).toBeNull();
  });

  it('a timeline history file: every ancestor, the last line the direct parent', () => {
    const entries = parseTimelineHistory('1\t0/3000148\tno recovery target specified\n\n# comment\n2\t0/5000000\tbefore 2026-11-21 12:00:00+00\n');
    expect(entries.map((e) => [e.parentTimeline, formatLsn(e.forkLsn), e.reason])).toEqual([
      [1, '0/3000148', 'no recovery target specified'],
      [2, '0/5000000', 'before 2026-11-21 12:00:00+00'],
    ]);
  });

  it('pg_waldump transaction records: commits and aborts with their time to the microsecond', () => {
    expect(
      parseTransactionRecord(
        'rmgr: Transaction len (rec/tot):     34/    34, tx:        735, lsn: 0/01558E68, prev 0/01558E30, desc: COMMIT 2026-11-21 05:17:26.378606 UTC',
      ),
    ).toEqual({
      kind: 'commit',
      commit: { lsn: { hi: 0, lo: 0x01558e68 }, time: '2026-11-21T05:17:26.378606Z', xid: 735 },
    });
    expect(
      parseTransactionRecord('rmgr: Transaction len (rec/tot): 34/34, tx: 736, lsn: 0/01558F00, prev 0/01558E68, desc: ABORT 2026-11-21 05:17:27.000001 UTC')
        ?.kind,
    ).toBe('abort');
    expect(parseTransactionRecord('rmgr: Standby len (rec/tot): 50/50, tx: 0, lsn: 0/080437A8, prev 0/08043780, desc: RUNNING_XACTS nextXid 738')).toBeNull();
  });
});
