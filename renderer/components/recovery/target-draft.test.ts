import { describe, expect, it } from 'vitest';
import type { RecoverableWindow } from '../../../shared/domain/wal-archive';
import { emptyTargetDraft, readTarget, windowVerdict } from './target-draft';
import { formatInZone, offsetLabel, timeZoneChoices, wallTimeIn } from './zoned-time';

const lsn = (lo: number) => ({ hi: 0, lo });

/** Two stretches on timeline 1, cut by a missing segment, each from its own base backup. */
const window: RecoverableWindow = {
  systemIdentifier: '7300000000000000001',
  intervals: [
    {
      timeline: 1,
      from: { lsn: lsn(0x2000100), time: '2026-11-21T10:00:00Z' },
      to: { lsn: lsn(0x4000000), time: '2026-11-21T11:00:00Z' },
      baseBackupIds: ['b1'],
      endsAt: 'gap',
      nextMissing: '000000010000000000000005',
    },
    {
      timeline: 1,
      from: { lsn: lsn(0x8000100), time: '2026-11-21T12:00:00Z' },
      to: { lsn: lsn(0x9000000), time: '2026-11-21T13:00:00Z' },
      baseBackupIds: ['b2'],
      endsAt: 'archive-end',
      nextMissing: null,
    },
  ],
  latest: { lsn: lsn(0x9000000), time: '2026-11-21T13:00:00Z' },
  baseBackups: [
    {
      backupId: 'b1',
      timeline: 1,
      startLsn: lsn(0x2000028),
      stopLsn: lsn(0x2000100),
      startTime: '2026-11-21T09:59:58Z',
      stopTime: '2026-11-21T10:00:00Z',
      usable: true,
      problem: null,
    },
    {
      backupId: 'b2',
      timeline: 1,
      startLsn: lsn(0x8000028),
      stopLsn: lsn(0x8000100),
      startTime: '2026-11-21T11:59:58Z',
      stopTime: '2026-11-21T12:00:00Z',
      usable: true,
      problem: null,
    },
  ],
  gaps: [],
  idleLag: null,
  notes: [],
};

describe('reading the recovery target', () => {
  it('turns a wall time in the chosen zone into a UTC instant, never a naive time', () => {
    const reading = readTarget({ ...emptyTargetDraft('Asia/Kolkata'), wallTime: '2026-11-21 16:01:02' });
    expect(reading).toMatchObject({ state: 'ready', target: { kind: 'time', at: '2026-11-21T10:31:02Z' }, utc: '2026-11-21T10:31:02Z', inclusive: true });
  });

  it('refuses a wall time the zone skips at a DST change, rather than guessing', () => {
    const reading = readTarget({ ...emptyTargetDraft('Europe/Paris'), wallTime: '2026-03-29 02:30:00' });
    expect(reading).toMatchObject({ state: 'invalid', message: expect.stringContaining('does not exist in Europe/Paris') });
  });

  it('waits for an empty field, and explains a malformed LSN or xid', () => {
    expect(readTarget(emptyTargetDraft('UTC'))).toEqual({ state: 'incomplete' });
    expect(readTarget({ ...emptyTargetDraft('UTC'), kind: 'lsn', lsn: '0/XYZ' })).toMatchObject({
      state: 'invalid',
      message: expect.stringContaining('0/3000028'),
    });
    expect(readTarget({ ...emptyTargetDraft('UTC'), kind: 'xid', xid: '2' })).toMatchObject({ state: 'invalid' });
    expect(readTarget({ ...emptyTargetDraft('UTC'), kind: 'xid', xid: '742', inclusive: false })).toMatchObject({
      state: 'ready',
      target: { kind: 'xid', xid: 742 },
      inclusive: false,
    });
  });

  it('refuses a restore point name over 63 bytes', () => {
    expect(readTarget({ ...emptyTargetDraft('UTC'), kind: 'name', name: 'é'.repeat(32) })).toMatchObject({
      state: 'invalid',
      message: expect.stringContaining('63 bytes'),
    });
    expect(readTarget({ ...emptyTargetDraft('UTC'), kind: 'name', name: 'before-migration' })).toMatchObject({
      state: 'ready',
      target: { kind: 'name', name: 'before-migration' },
    });
  });
});

describe('whether the window reaches a moment', () => {
  it('reaches a moment inside a stretch, not the backup end itself', () => {
    expect(windowVerdict(window, '2026-11-21T10:30:00Z', 'UTC')).toEqual({ reachable: true, timeline: 1 });
    expect(windowVerdict(window, '2026-11-21T10:00:00Z', 'UTC')).toMatchObject({
      reachable: false,
      why: expect.stringContaining('earliest usable base backup ended'),
    });
  });

  it('says why a moment before the window, after it, or in its gap is out of reach, in the picker zone', () => {
    expect(windowVerdict(window, '2026-11-21T09:00:00Z', 'Asia/Kolkata')).toMatchObject({
      reachable: false,
      why: expect.stringContaining('2026-11-21 15:30:00 Asia/Kolkata (UTC+05:30)'),
    });
    expect(windowVerdict(window, '2026-11-21T14:00:00Z', 'UTC')).toMatchObject({
      reachable: false,
      why: expect.stringContaining('after the last commit in the archive'),
    });
    const inGap = windowVerdict(window, '2026-11-21T11:30:00Z', 'UTC');
    expect(inGap).toMatchObject({ reachable: false, why: expect.stringContaining('segment 000000010000000000000005 is missing') });
    expect(inGap).toMatchObject({ why: expect.stringContaining('next reachable moment is after 2026-11-21 12:00:00 UTC') });
  });

  it('says there is no window at all when there is none', () => {
    expect(windowVerdict({ ...window, intervals: [], baseBackups: [] }, '2026-11-21T10:30:00Z', 'UTC')).toMatchObject({
      reachable: false,
      why: expect.stringContaining('no recoverable window'),
    });
  });
});

describe('wall times in a zone', () => {
  it('shows an instant on a clock of the zone, with the offset of that day', () => {
    expect(wallTimeIn('2026-07-01T12:00:00Z', 'Europe/Paris')).toBe('2026-07-01 14:00:00');
    expect(wallTimeIn('2026-12-01T12:00:00Z', 'Europe/Paris')).toBe('2026-12-01 13:00:00');
    expect(offsetLabel('America/New_York', Date.parse('2026-12-01T12:00:00Z'))).toBe('UTC−05:00');
    expect(formatInZone('2026-11-21T10:31:02Z', 'Asia/Kolkata')).toBe('2026-11-21 16:01:02 Asia/Kolkata (UTC+05:30)');
  });

  it('offers the server zone first, and any valid zone name typed', () => {
    const [suggested, all] = timeZoneChoices('America/Chicago', ['Asia/Kolkata', 'Not/AZone']);
    expect(suggested!.items[0]).toBe('America/Chicago');
    expect(suggested!.items).toContain('UTC');
    expect(all!.items).toContain('Asia/Kolkata');
    expect(all!.items).not.toContain('Not/AZone');
  });
});
