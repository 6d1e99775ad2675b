import { describe, expect, it } from 'vitest';
import type { TidemarkEvent } from '../../shared/domain/notification-event';
import { collapseWindowMs, eventKey } from './event-key';
import { decideCollapse } from './recent-events';

const minute = 60_000;
const t0 = Date.parse('2026-11-21T02:00:00Z');
const empty = { version: 1 as const, events: {} };

function failed(overrides: Partial<Extract<TidemarkEvent, { type: 'backup.failed' }>> = {}): TidemarkEvent {
  return {
    type: 'backup.failed',
    at: '2026-11-21T02:00:05+01:00',
    profileId: 'p1',
    profileName: 'prod',
    backupKind: 'logical',
    scheduleName: 'nightly',
    error: { code: 'connection_refused', message: 'refused' },
    attempt: 1,
    ...overrides,
  };
}

describe('collapsing repeated events', () => {
  it("a schedule's retries of one failure share a key; another profile's or schedule's failure does not", () => {
    expect(eventKey(failed({ attempt: 2, at: '2026-11-21T02:05:00+01:00' }))).toBe(eventKey(failed()));
    expect(eventKey(failed({ profileId: 'p2' }))).not.toBe(eventKey(failed()));
    expect(eventKey(failed({ scheduleName: 'hourly' }))).not.toBe(eventKey(failed()));
    expect(eventKey(failed({ backupKind: 'physical' }))).not.toBe(eventKey(failed()));
  });

  it('the same key within its window collapses, counting, and the window is fixed from the first event', () => {
    const key = eventKey(failed());
    const windowMs = collapseWindowMs['backup.failed'];
    const first = decideCollapse(empty, key, t0, windowMs);
    expect(first.decision).toEqual({
      action: 'send',
      window: { firstAt: '2026-11-21T02:00:00.000Z', windowEndsAt: '2026-11-21T02:30:00.000Z', count: 1 },
    });
    const second = decideCollapse(first.recent, key, t0 + 10 * minute, windowMs);
    expect(second.decision).toMatchObject({ action: 'collapse', window: { count: 2, windowEndsAt: '2026-11-21T02:30:00.000Z' } });
    const third = decideCollapse(second.recent, key, t0 + 29 * minute, windowMs);
    expect(third.decision).toMatchObject({ action: 'collapse', window: { count: 3 } });
    // A condition that goes on is told again once its window has closed: never silenced for good.
    const afterWindow = decideCollapse(third.recent, key, t0 + 30 * minute, windowMs);
    expect(afterWindow.decision).toMatchObject({ action: 'send', window: { count: 1, firstAt: '2026-11-21T02:30:00.000Z' } });
  });

  it('other keys are not collapsed, and closed windows are forgotten', () => {
    const a = decideCollapse(empty, 'a', t0, 5 * minute);
    const b = decideCollapse(a.recent, 'b', t0 + minute, 60 * minute);
    expect(b.decision.action).toBe('send');
    const later = decideCollapse(b.recent, 'c', t0 + 10 * minute, 60 * minute);
    expect(Object.keys(later.recent.events).sort()).toEqual(['b', 'c']);
  });

  it('a window of zero never collapses and remembers nothing', () => {
    const first = decideCollapse(empty, 'k', t0, 0);
    expect(first.recent.events).toEqual({});
    expect(decideCollapse(first.recent, 'k', t0, 0).decision.action).toBe('send');
  });
});
