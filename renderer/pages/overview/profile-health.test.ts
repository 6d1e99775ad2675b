import { describe, expect, it } from 'vitest';
import type { Schedule, ScheduleView } from '../../../shared/contract/schedules';
import type { BackupSummary } from '../../../shared/domain/backup';
import { backupSummary } from '../../test-fixtures';
import type { ListedSchedule } from '../../components/schedules/use-schedule-overviews';
import { profileHealth } from './profile-health';

const now = Date.parse('2026-02-13T12:00:00Z');

function backup(id: string, change: Partial<BackupSummary>): BackupSummary {
  return backupSummary(id, { profile: { id: 'p1', name: 'shop' }, durationMs: 60_000, ...change });
}

function listed(name: string, change: Partial<ScheduleView> = {}, schedule: Partial<Schedule> = {}): ListedSchedule {
  return {
    repositoryDir: '/repo',
    view: {
      schedule: { name, profileId: 'p1', paused: false, timing: { cron: '0 2 * * *', timeZone: 'Europe/Berlin' }, ...schedule } as Schedule,
      next: { at: '2026-02-14T01:00:00Z', local: '2026-02-14 02:00 (+01:00)' },
      lastRun: null,
      lastSuccess: null,
      running: false,
      overdue: { overdue: false, thresholdHours: 48, lastSuccessAt: null },
      dstWarnings: [],
      ...change,
    },
  };
}

describe("a connection's backup health", () => {
  it('finds the newest successful backup of any kind, and is not overdue without a schedule', () => {
    const health = profileHealth(
      'p1',
      [
        backup('old', { startedAt: '2026-02-10T02:00:00Z' }),
        backup('physical', { kind: 'physical', database: null, startedAt: '2026-02-12T02:00:00Z', durationMs: 3_600_000 }),
        backup('failed', { status: 'failed', startedAt: '2026-02-13T11:00:00Z' }),
        backup('other', { profile: { id: 'p2', name: 'other' }, startedAt: '2026-02-13T11:30:00Z' }),
      ],
      [],
      now,
    );
    expect(health.lastSuccess).toMatchObject({ backup: { id: 'physical' }, finishedAt: '2026-02-12T03:00:00.000Z' });
    expect(health).toMatchObject({ overdue: false, expectedWithinHours: null, next: null, problems: [] });
  });

  it('is overdue when the newest success is older than the tightest threshold of its active schedules', () => {
    const backups = [backup('b', { startedAt: '2026-02-11T02:00:00Z' })];
    const schedules = [
      listed('nightly'),
      listed(
        'hourly',
        { overdue: { overdue: false, thresholdHours: 2, lastSuccessAt: null }, next: { at: '2026-02-13T12:15:00Z', local: '' } },
        { paused: true },
      ),
    ];
    // The paused one does not count: 58 h > 48 h.
    expect(profileHealth('p1', backups, schedules, now)).toMatchObject({ overdue: true, expectedWithinHours: 48, activeSchedules: 1, pausedSchedules: 1 });
    expect(profileHealth('p1', [backup('b', {})], schedules, now).overdue).toBe(false);
    // None made yet: overdue once a schedule says so (counted from when it was saved), not the minute it is saved.
    expect(profileHealth('p1', [], schedules, now).overdue).toBe(false);
    const late = listed('nightly', { overdue: { overdue: true, thresholdHours: 48, lastSuccessAt: null } });
    expect(profileHealth('p1', [], [late], now).overdue).toBe(true);
  });

  it('gives the soonest next run of its active schedules', () => {
    const schedules = [
      listed('nightly'),
      listed('hourly', { next: { at: '2026-02-13T12:15:00Z', local: '2026-02-13 13:15 (+01:00)' } }),
      listed('paused', { next: { at: '2026-02-13T12:01:00Z', local: '' } }, { paused: true }),
    ];
    expect(profileHealth('p1', [], schedules, now).next).toEqual({
      scheduleName: 'hourly',
      at: '2026-02-13T12:15:00Z',
      local: '2026-02-13 13:15 (+01:00)',
      timeZone: 'Europe/Berlin',
    });
  });

  it('lists what is wrong: a failed last run, an overdue schedule, a schedule that cannot run', () => {
    const failed = listed('nightly', {
      lastRun: {
        id: 'r',
        scheduleId: 's',
        slot: '2026-02-13T01:00:00Z',
        trigger: 'slot',
        attempt: 1,
        startedAt: '2026-02-13T01:00:00Z',
        ownerId: 'o',
        jobId: 'j',
        status: 'failed',
        finishedAt: '2026-02-13T01:00:05Z',
        error: { code: 'auth_failed', message: 'Password authentication failed.' },
        interrupted: false,
      },
      overdue: { overdue: true, thresholdHours: 48, lastSuccessAt: '2026-02-10T12:00:00Z' },
      problem: 'A test connection for shop failed.',
    });
    expect(profileHealth('p1', [], [failed], now).problems).toEqual([
      { scheduleName: 'nightly', kind: 'failed', text: 'its last run failed: Password authentication failed.' },
      { scheduleName: 'nightly', kind: 'overdue', text: 'no successful run for 3 days; one is expected every 2 days.' },
      { scheduleName: 'nightly', kind: 'problem', text: 'A test connection for shop failed.' },
    ]);
  });
});
