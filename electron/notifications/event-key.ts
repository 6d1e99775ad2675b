import type { TidemarkEvent, TidemarkEventType } from '../../shared/domain/notification-event';

const minute = 60_000;
const hour = 60 * minute;

/**
 * How long after an event the same event (same key) is collapsed into it rather than sent again.
 * The window is fixed from the first event, so a condition that goes on (an archiver failing at
 * every check) is told again once per window, never every 30 s, and never silenced for good.
 */
export const collapseWindowMs: Record<TidemarkEventType, number> = {
  'backup.succeeded': 10 * minute,
  // A schedule's retries of one slot: the first failure is told, the retries within half an hour are not.
  'backup.failed': 30 * minute,
  // A machine asleep across several slots: one message for all of them.
  'backup.missed': hour,
  // Checked at every tick while it lasts: once a day.
  'backup.overdue': 24 * hour,
  'retention.applied': 10 * minute,
  'archiver.failing': 6 * hour,
  // A check that stays red (or flaps around its threshold) is told once an hour.
  'health.threshold': hour,
  'repository.disk-nearly-full': 24 * hour,
};

/** What makes two events "the same" for collapsing: their type and what they are about. */
export function eventKey(event: TidemarkEvent): string {
  switch (event.type) {
    case 'backup.succeeded':
      return `${event.type}:${event.backupId}`;
    case 'backup.failed':
      return `${event.type}:${event.profileId}:${event.backupKind}:${event.scheduleName ?? '(by hand)'}`;
    case 'backup.missed':
      return `${event.type}:${event.profileId}:${event.scheduleName}`;
    case 'backup.overdue':
      return `${event.type}:${event.profileId}`;
    case 'archiver.failing':
      // Per streak: the watch publishes a streak once, and a streak after a recovery is news even within the window.
      return `${event.type}:${event.profileId}:${event.failingSince}`;
    case 'health.threshold':
      return `${event.type}:${event.profileId}:${event.check}`;
    case 'retention.applied':
      // Each run is its own news (its counts differ); only a run published twice collapses.
      return `${event.type}:${event.profileId}:${event.at}`;
    case 'repository.disk-nearly-full':
      return `${event.type}:${event.repositoryDir}`;
  }
}
