import { describe, expect, it } from 'vitest';
import type { ScheduleRun } from '../../../shared/domain/schedule';
import { describeRun, scheduleTime } from './run-description';

const started = { id: 'r1', scheduleId: 's1', slot: '2026-03-28T01:30:00.000Z', trigger: 'slot' as const, attempt: 1, ownerId: 'o1', jobId: 'j1' };

describe('a schedule run in words', () => {
  it('writes times as a clock in the schedule’s zone reads them, with the offset', () => {
    expect(scheduleTime('2026-03-28T01:30:00.000Z', 'Europe/Berlin')).toBe('2026-03-28 02:30 (+01:00)');
    expect(scheduleTime('2026-03-29T01:30:00.000Z', 'Europe/Berlin')).toBe('2026-03-29 03:30 (+02:00)');
    expect(scheduleTime('2026-03-29T01:30:00.000Z', 'America/New_York')).toBe('2026-03-28 21:30 (-04:00)');
    expect(scheduleTime('2026-03-29T01:30:00.000Z', 'UTC')).toBe('2026-03-29 01:30 (+00:00)');
  });

  it('says what a run made and how long it took', () => {
    const run: ScheduleRun = {
      ...started,
      status: 'succeeded',
      startedAt: '2026-03-28T01:30:00.000Z',
      finishedAt: '2026-03-28T01:31:05.000Z',
      backupIds: ['b1'],
      sizeBytes: 5 * 1024 * 1024,
    };
    expect(describeRun(run, 'Europe/Berlin')).toEqual({
      tone: 'succeeded',
      label: 'Succeeded',
      color: 'teal',
      text: '5.0 MB in 1 min 05 s, finished 2026-03-28 02:31 (+01:00) (on schedule).',
    });
  });

  it('gives a failure its error and the retry to come, and marks an interrupted run', () => {
    const failed: ScheduleRun = {
      ...started,
      trigger: 'retry',
      attempt: 2,
      status: 'failed',
      startedAt: '2026-03-28T01:35:00.000Z',
      finishedAt: '2026-03-28T01:35:02.000Z',
      error: { code: 'connection_refused', message: 'Connection refused on 127.0.0.1:5432.' },
      interrupted: false,
      retryAt: '2026-03-28T01:45:02.000Z',
    };
    expect(describeRun(failed, 'UTC')).toMatchObject({
      tone: 'failed',
      label: 'Failed',
      text: 'Connection refused on 127.0.0.1:5432. Retry at 2026-03-28 01:45 (+00:00).',
    });
    const interrupted: ScheduleRun = { ...failed, interrupted: true, retryAt: undefined, error: { code: 'interrupted', message: 'Its runner stopped.' } };
    expect(describeRun(interrupted, 'UTC')).toMatchObject({ label: 'Failed (interrupted)', text: 'Its runner stopped.' });
  });

  it('says why slots were missed, in words, with their count and range', () => {
    const missed = (reason: Extract<ScheduleRun, { status: 'missed' }>['reason'], slotCount: number): ScheduleRun => ({
      id: 'm1',
      scheduleId: 's1',
      status: 'missed',
      slot: '2026-03-26T01:30:00.000Z',
      lastSlot: '2026-03-28T01:30:00.000Z',
      slotCount,
      reason,
      recordedAt: '2026-03-28T07:00:00.000Z',
    });
    expect(describeRun(missed('asleep', 3), 'Europe/Berlin')).toMatchObject({
      tone: 'missed',
      label: 'Missed 3 slots',
      text: '3 slots from 2026-03-26 02:30 (+01:00) to 2026-03-28 02:30 (+01:00) did not run: the computer was asleep.',
    });
    expect(describeRun(missed('app-not-running', 1), 'UTC').text).toBe('The slot of 2026-03-26 01:30 (+00:00) did not run: Tidemark was not running.');
    expect(describeRun(missed('overlap', 1), 'UTC').text).toContain('the previous run was still running');
    expect(describeRun(missed('outside-window', 1), 'UTC').text).toContain('could not start within its start window');
  });
});
