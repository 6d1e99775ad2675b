import { describe, expect, it } from 'vitest';
import type { RetentionPolicy } from '../../shared/domain/retention-policy';
import { archive, inputOf, logical, physical, range } from '../../test/support/retention-fixtures';
import type { RetentionCandidate } from './retention-candidate';
import { planRetention, type RetentionInput } from './retention-engine';

function plan(overrides: Partial<RetentionInput> & Pick<RetentionInput, 'backups' | 'policy'>) {
  return planRetention(inputOf(overrides));
}

function keptDates(backups: readonly RetentionCandidate[], result: ReturnType<typeof plan>): string[] {
  const kept = new Set(result.plan.backups.filter((b) => b.action === 'keep').map((b) => b.id));
  return backups.filter((b) => kept.has(b.id)).map((b) => b.startedAt.slice(0, 10));
}

function dailyBackups(fromIso: string, days: number, timeOfDay = 'T02:00:00Z'): RetentionCandidate[] {
  const start = Date.parse(fromIso + timeOfDay);
  return Array.from({ length: days }, (_, i) => logical(new Date(start + i * 86_400_000).toISOString()));
}

describe('the retention engine', () => {
  it('keeps the newest backup of each day, ISO week and month, counting back from now (a small case, by hand)', () => {
    // 2026-01-01 to 2026-03-15 (a Sunday), one dump a day at 02:00 UTC.
    const backups = dailyBackups('2026-01-01', 74);
    const result = plan({ backups, policy: { keepDaily: 7, keepWeekly: 4, keepMonthly: 3 } });
    expect(keptDates(backups, result).sort()).toEqual([
      '2026-01-31', // monthly 2026-01
      '2026-02-22', // weekly 2026-W08
      '2026-02-28', // monthly 2026-02
      '2026-03-01', // weekly 2026-W09
      '2026-03-08', // weekly 2026-W10
      '2026-03-09', // the seven days
      '2026-03-10',
      '2026-03-11',
      '2026-03-12',
      '2026-03-13',
      '2026-03-14',
      '2026-03-15', // daily, weekly 2026-W11, monthly 2026-03
    ]);
    const newest = result.plan.backups[0]!;
    expect(newest.reasons).toEqual(['kept: daily 2026-03-15', 'kept: weekly 2026-W11', 'kept: monthly 2026-03']);
    expect(result.plan.backups.find((b) => b.startedAt.startsWith('2026-02-28'))?.reason).toBe('kept: monthly 2026-02');
    const gone = result.plan.backups.find((b) => b.startedAt.startsWith('2026-02-27'))!;
    expect(gone).toMatchObject({ action: 'delete', reason: 'delete: no rule keeps it' });
    expect(result.plan).toMatchObject({ kept: 12, deleted: 62, bytesFreed: 62 * 1000, needsConfirmation: true });
  });

  it('over two years of daily backups in Berlin keeps exactly the newest of each period, computed independently', () => {
    // Nightly at 00:30 Berlin time: in UTC that is the evening before, so a UTC calendar would be wrong every day.
    const berlin = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Berlin',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    const backups: RetentionCandidate[] = [];
    for (let day = Date.UTC(2025, 0, 1); day <= Date.UTC(2026, 11, 31); day += 86_400_000) {
      const date = new Date(day).toISOString().slice(0, 10);
      // 00:30 local: 23:30 or 22:30 UTC the day before, whichever reads 00:30 on that date in Berlin.
      const at = [1, 2].map((hours) => Date.parse(`${date}T00:30:00Z`) - hours * 3_600_000).find((ms) => berlin.format(ms) === `${date}, 00:30`)!;
      backups.push(logical(new Date(at).toISOString()));
    }
    expect(backups).toHaveLength(730);
    const policy: RetentionPolicy = { keepDaily: 7, keepWeekly: 4, keepMonthly: 12, keepYearly: 3 };
    const now = new Date('2026-12-31T12:00:00Z');
    const result = plan({ backups, policy, timeZone: 'Europe/Berlin', now });

    // Independently: the local date from Intl's en-CA format, weeks as whole weeks since Monday 1970-01-05.
    const dateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' });
    const localDate = (ms: number) => dateFormat.format(ms);
    const weekIndex = (ms: number) => Math.floor((Date.parse(localDate(ms) + 'T00:00:00Z') - Date.UTC(1970, 0, 5)) / (7 * 86_400_000));
    const keys: [number, (ms: number) => string][] = [
      [7, (ms) => localDate(ms)],
      [4, (ms) => String(weekIndex(ms))],
      [12, (ms) => localDate(ms).slice(0, 7)],
      [3, (ms) => localDate(ms).slice(0, 4)],
    ];
    const expected = new Set<string>();
    for (const [count, key] of keys) {
      const newestOfGroup = new Map<string, RetentionCandidate>();
      for (const backup of backups) {
        const k = key(backup.startedMs);
        const current = newestOfGroup.get(k);
        if (!current || current.startedMs < backup.startedMs) newestOfGroup.set(k, backup);
      }
      [...newestOfGroup.values()]
        .sort((a, b) => b.startedMs - a.startedMs)
        .slice(0, count)
        .forEach((backup) => expected.add(backup.id));
    }
    const kept = new Set(result.plan.backups.filter((b) => b.action === 'keep').map((b) => b.id));
    expect(kept).toEqual(expected);
    // 7 days; weeks 53 and 52 are among them, 51 and 50 are not; 11 earlier months; 2025 (2026 is the newest's).
    expect(kept.size).toBe(7 + 2 + 11 + 1);
    expect(result.plan.backups.find((b) => b.reasons.includes('kept: monthly 2026-11'))?.startedAt).toBe('2026-11-29T23:30:00.000Z');
    expect(result.plan.backups.find((b) => b.reasons.includes('kept: yearly 2025'))?.startedAt).toBe('2025-12-30T23:30:00.000Z');
    // Every kept backup is the newest of its local day, and the plan lists every backup once.
    for (const id of kept) {
      const backup = backups.find((b) => b.id === id)!;
      expect(backups.filter((b) => localDate(b.startedMs) === localDate(backup.startedMs) && b.startedMs > backup.startedMs)).toEqual([]);
    }
    expect(result.plan.backups.map((b) => b.id).sort()).toEqual(backups.map((b) => b.id).sort());
  });

  it('reads days in the zone across the spring DST change, and hours across the autumn one', () => {
    // 00:30 Berlin each night from 2026-03-26 to 2026-04-02; the clocks jump at 02:00 on 03-29.
    const nights = [
      '2026-03-25T23:30:00Z',
      '2026-03-26T23:30:00Z',
      '2026-03-27T23:30:00Z',
      '2026-03-28T23:30:00Z',
      '2026-03-29T22:30:00Z',
      '2026-03-30T22:30:00Z',
      '2026-03-31T22:30:00Z',
      '2026-04-01T22:30:00Z',
    ];
    const backups = nights.map((at) => logical(at));
    const days = plan({ backups, policy: { keepDaily: 5 }, timeZone: 'Europe/Berlin', now: new Date('2026-04-02T12:00:00Z') });
    expect(days.plan.backups.filter((b) => b.action === 'keep').map((b) => b.reason)).toEqual([
      'kept: daily 2026-04-02',
      'kept: daily 2026-04-01',
      'kept: daily 2026-03-31',
      'kept: daily 2026-03-30',
      'kept: daily 2026-03-29',
    ]);
    expect(days.plan.backups.find((b) => b.reason === 'kept: daily 2026-03-29')?.startedAt).toBe('2026-03-28T23:30:00.000Z');

    // Every 30 minutes through the autumn change: 02:00-02:59 happens twice, as two hours.
    const halfHours = [
      '2026-10-24T23:30:00Z',
      '2026-10-25T00:00:00Z',
      '2026-10-25T00:30:00Z',
      '2026-10-25T01:00:00Z',
      '2026-10-25T01:30:00Z',
      '2026-10-25T02:00:00Z',
    ].map((at) => logical(at));
    const hours = plan({ backups: halfHours, policy: { keepHourly: 3 }, timeZone: 'Europe/Berlin', now: new Date('2026-10-25T02:10:00Z') });
    expect(hours.plan.backups.filter((b) => b.action === 'keep').map((b) => [b.startedAt, b.reason])).toEqual([
      ['2026-10-25T02:00:00.000Z', 'kept: hourly 2026-10-25 03:00+01:00'],
      ['2026-10-25T01:30:00.000Z', 'kept: hourly 2026-10-25 02:00+01:00'],
      ['2026-10-25T00:30:00.000Z', 'kept: hourly 2026-10-25 02:00+02:00'],
    ]);
  });

  it('counts periods that have a backup, as restic and borg do: a day without one does not use up keep-daily', () => {
    const backups = ['2026-03-01T02:00:00Z', '2026-03-05T02:00:00Z', '2026-03-05T14:00:00Z', '2026-03-06T02:00:00Z'].map((at) => logical(at));
    const result = plan({ backups, policy: { keepDaily: 2 }, now: new Date('2026-03-10T00:00:00Z') });
    expect(result.plan.backups.map((b) => [b.startedAt.slice(0, 13), b.action])).toEqual([
      ['2026-03-06T02', 'keep'],
      ['2026-03-05T14', 'keep'],
      ['2026-03-05T02', 'delete'],
      ['2026-03-01T02', 'delete'],
    ]);
  });

  it('keeps the last N and everything within a duration of now, every reason listed', () => {
    const backups = dailyBackups('2026-03-01', 15);
    const result = plan({ backups, policy: { keepLast: 2, keepWithin: '3d' } });
    expect(result.plan.backups.filter((b) => b.action === 'keep').map((b) => [b.startedAt.slice(0, 10), b.reason])).toEqual([
      ['2026-03-15', 'kept: last (1 of 2); kept: within 3d'],
      ['2026-03-14', 'kept: last (2 of 2); kept: within 3d'],
      ['2026-03-13', 'kept: within 3d'],
    ]);
  });

  it('ranks each database and each cluster on its own, and drops failure records older than what is kept', () => {
    const shop = dailyBackups('2026-03-10', 4);
    const crm = ['2026-03-01T03:00:00Z', '2026-03-02T03:00:00Z'].map((at) => logical(at, { database: 'crm' }));
    const failedOld = logical('2026-03-09T02:00:00Z', { status: 'failed' });
    const failedNew = logical('2026-03-13T05:00:00Z', { status: 'cancelled' });
    const base = physical('2026-03-12T04:00:00Z', 10);
    const result = plan({ backups: [...shop, ...crm, failedOld, failedNew, base], policy: { keepLast: 2 } });
    const byId = new Map(result.plan.backups.map((b) => [b.id, b]));
    expect(shop.map((b) => byId.get(b.id)!.action)).toEqual(['delete', 'delete', 'keep', 'keep']);
    expect(crm.map((b) => byId.get(b.id)!.action)).toEqual(['keep', 'keep']);
    expect(byId.get(base.id)!.action).toBe('keep');
    expect(byId.get(failedOld.id)).toMatchObject({ action: 'delete', reason: 'delete: failed record (no data), older than every kept backup' });
    expect(byId.get(failedNew.id)).toMatchObject({ action: 'keep', reason: 'kept: failure record newer than the oldest kept backup' });
    expect(result.plan.series.map((s) => [s.label, s.kept, s.deleted])).toEqual([
      ['logical backups of crm', 2, 0],
      ['logical backups of shop', 3, 3],
      ['base backups of cluster 42', 1, 0],
    ]);
    // 2 of 7 complete backups go: no confirmation needed.
    expect(result.plan).toMatchObject({ completeDeleted: 2, completeKept: 5, needsConfirmation: false });
  });

  it('keeps pinned backups (forever, or through a date in the zone), the one being restored and the newest verified, whatever the rules say', () => {
    const backups = dailyBackups('2026-03-01', 15);
    const [first, second, third, fourth, fifth] = backups;
    const verified = { ...backups[5]!, verified: true };
    backups[5] = verified;
    const result = plan({
      backups,
      policy: { keepLast: 1 },
      timeZone: 'Pacific/Auckland',
      // 2026-03-15T12:00Z is already 2026-03-16 in Auckland: a pin through the 15th has run out there.
      pins: [
        { backupId: first!.id, until: null, pinnedAt: '2026-03-01T00:00:00Z', note: null },
        { backupId: second!.id, until: '2026-03-16', pinnedAt: '2026-03-01T00:00:00Z', note: null },
        { backupId: third!.id, until: '2026-03-15', pinnedAt: '2026-03-01T00:00:00Z', note: null },
      ],
      beingRestored: new Set([fourth!.id]),
    });
    const byId = new Map(result.plan.backups.map((b) => [b.id, b]));
    expect(byId.get(first!.id)).toMatchObject({ action: 'keep', reason: 'kept: pinned', pin: { until: null, active: true } });
    expect(byId.get(second!.id)).toMatchObject({ action: 'keep', reason: 'kept: pinned until 2026-03-16' });
    expect(byId.get(third!.id)).toMatchObject({ action: 'delete', pin: { until: '2026-03-15', active: false } });
    expect(byId.get(fourth!.id)).toMatchObject({ action: 'keep', reason: 'kept: being restored' });
    expect(byId.get(fifth!.id)).toMatchObject({ action: 'delete' });
    expect(byId.get(verified.id)).toMatchObject({ action: 'keep', reason: 'kept: newest verified' });
    expect(byId.get(backups[14]!.id)).toMatchObject({ action: 'keep', reason: 'kept: last (1 of 1)' });
    expect(result.plan.kept).toBe(5);
  });

  it('never empties a series: a keep-within that reaches no backup still keeps the newest', () => {
    const backups = dailyBackups('2026-01-01', 5);
    const result = plan({ backups, policy: { keepWithin: '7d' } });
    expect(result.plan.backups.filter((b) => b.action === 'keep').map((b) => [b.startedAt.slice(0, 10), b.reason])).toEqual([
      ['2026-01-05', 'kept: newest of its series (a series is never emptied)'],
    ]);
  });

  it('refuses a policy that keeps nothing, and a zone that does not exist', () => {
    const backups = dailyBackups('2026-03-01', 3);
    for (const policy of [{}, { keepLast: 0 }, { keepDaily: 0, keepMonthly: 0 }]) {
      expect(() => plan({ backups, policy })).toThrow(/A retention policy that keeps nothing is refused/);
    }
    expect(() => plan({ backups, policy: { keepLast: 1 }, timeZone: 'Mars/Olympus' })).toThrow(/"Mars\/Olympus" is not a time zone name/);
  });

  it('gives the same fingerprint to the same decisions, and another when a backup appears', () => {
    const backups = dailyBackups('2026-03-01', 10);
    const a = plan({ backups, policy: { keepLast: 3 } });
    const b = plan({ backups, policy: { keepLast: 3 }, now: new Date('2026-03-15T12:05:00Z') });
    expect(a.plan.fingerprint).toBe(b.plan.fingerprint);
    const c = plan({ backups: [...backups, logical('2026-03-15T11:00:00Z')], policy: { keepLast: 3 } });
    expect(c.plan.fingerprint).not.toBe(a.plan.fingerprint);
  });
});

describe('WAL with the plan', () => {
  it('prunes the segments before the oldest kept base backup, keeps .history and .backup files, and leaves the window without a hole', () => {
    const backups = [physical('2026-03-10T02:00:00Z', 5), physical('2026-03-11T02:00:00Z', 15), physical('2026-03-12T02:00:00Z', 25)];
    const result = plan({ backups, policy: { keepLast: 2 }, archives: [archive({ 1: range(1, 40) })] });
    expect(result.plan.backups.map((b) => b.action)).toEqual(['keep', 'keep', 'delete']);
    const [wal] = result.plan.wal;
    expect(wal).toMatchObject({
      systemIdentifier: '42',
      segmentsPruned: 14,
      bytesPruned: 14 * 16 * 1024 * 1024,
      firstPruned: '000000010000000000000001',
      lastPruned: '00000001000000000000000E',
      historyAndBackupFilesKept: 1,
    });
    expect(wal!.timelines).toEqual([expect.objectContaining({ timeline: 1, keepFrom: '00000001000000000000000F', prunedCount: 14, keptCount: 26 })]);
    expect(wal!.windowBefore.map((r) => [r.firstSegment, r.lastSegment])).toEqual([['000000010000000000000006', '000000010000000000000028']]);
    expect(wal!.windowAfter.map((r) => [r.firstSegment, r.lastSegment])).toEqual([['000000010000000000000010', '000000010000000000000028']]);
    expect(result.walFiles.get('42')!.files).toHaveLength(14);
    expect(result.walFiles.get('42')!.files.some((f) => f.endsWith('.backup') || f.endsWith('.history'))).toBe(false);
    expect(result.plan).toMatchObject({ walSegmentsPruned: 14, bytesFreed: 50_000 + 14 * 16 * 1024 * 1024 });
  });

  it('keeps a base backup the rules would delete when the WAL after it stays and nothing else reaches it (a gap in the archive)', () => {
    // Segment 20 is missing: B1 reaches 6..19, B2 (starting at 22) is the only way into 23..29, B3 starts at 30.
    const b1 = physical('2026-03-01T02:00:00Z', 5);
    const b2 = physical('2026-03-02T02:00:00Z', 22);
    const b3 = physical('2026-03-03T02:00:00Z', 30);
    const result = plan({
      backups: [b1, b2, b3],
      policy: { keepLast: 1 },
      pins: [{ backupId: b1.id, until: null, pinnedAt: '2026-03-01T00:00:00Z', note: null }],
      archives: [archive({ 1: [...range(1, 19), ...range(21, 40)] })],
    });
    const byId = new Map(result.plan.backups.map((b) => [b.id, b]));
    expect(byId.get(b2.id)).toMatchObject({
      action: 'keep',
      reason: 'kept: recoverable window (its WAL stays; without it the window would have a hole at 000000010000000000000017)',
    });
    const [wal] = result.plan.wal;
    expect(wal!.windowAfter).toEqual(wal!.windowBefore);
    expect(wal!.segmentsPruned).toBe(4);
  });

  it('follows a fork: WAL of a child timeline that a kept backup on the parent replays into is kept', () => {
    // Timeline 2 forks from 1 inside segment 20; B1 (timeline 1, segment 5) reaches it, C1 starts on timeline 2 at 30.
    const b1 = physical('2026-03-01T02:00:00Z', 5);
    const c1 = physical('2026-03-05T02:00:00Z', 30, { timeline: 2 });
    const facts = archive({ 1: range(1, 24), 2: range(20, 40) }, [{ timeline: 2, parent: 1, forkSegment: 20 }]);
    const both = plan({ backups: [b1, c1], policy: { keepLast: 2 }, archives: [facts] });
    const [wal] = both.plan.wal;
    expect(wal!.timelines.map((t) => [t.timeline, t.keepFrom, t.prunedCount])).toEqual([
      [1, '000000010000000000000005', 4],
      [2, '000000020000000000000014', 0],
    ]);
    expect(wal!.historyAndBackupFilesKept).toBe(2);

    // With only C1 kept, timeline 1 goes whole (no kept backup replays it) and timeline 2 before C1's start.
    const newest = plan({ backups: [b1, c1], policy: { keepLast: 1 }, archives: [facts] });
    expect(newest.plan.wal[0]!.timelines.map((t) => [t.timeline, t.keepFrom, t.prunedCount, t.why])).toEqual([
      [1, null, 24, 'no kept base backup replays into this timeline'],
      [2, '00000002000000000000001E', 10, expect.stringContaining('kept from the start of')],
    ]);
    expect(newest.walFiles.get('42')!.files).not.toContain('00000002.history');
  });

  it("keeps the WAL other profiles' base backups of the same cluster need, and prunes nothing while a manifest is unreadable", () => {
    const ours = [physical('2026-03-10T02:00:00Z', 15), physical('2026-03-12T02:00:00Z', 25)];
    const theirs = physical('2026-03-01T02:00:00Z', 8, { profileId: 'p2' });
    const facts = archive({ 1: range(1, 40) });
    const result = plan({ backups: ours, otherBaseBackups: [theirs], policy: { keepLast: 1 }, archives: [facts] });
    expect(result.plan.wal[0]).toMatchObject({ segmentsPruned: 7, lastPruned: '000000010000000000000007' });
    expect(result.plan.wal[0]!.notes[0]).toContain('belong to other profiles');

    const blocked = plan({ backups: ours, policy: { keepLast: 1 }, archives: [facts], unreadable: [{ id: '20260101T000000Z-000000', problem: 'not JSON' }] });
    expect(blocked.plan.walSegmentsPruned).toBe(0);
    expect(blocked.plan.notes.join(' ')).toContain('no WAL is pruned');
  });
});
