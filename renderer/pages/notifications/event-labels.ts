import type { DeliveryDestination, DeliveryResult, DeliverySubject, NotificationChannel } from '../../../shared/domain/notification';
import type { TidemarkEventType } from '../../../shared/domain/notification-event';

/** Each event type as the filter chips and the history name it. */
export const eventTypeLabels: Record<TidemarkEventType, string> = {
  'backup.failed': 'Backup failed',
  'backup.missed': 'Backup missed',
  'backup.overdue': 'Backup overdue',
  'archiver.failing': 'Archiving failing',
  'health.threshold': 'Health threshold red',
  'repository.disk-nearly-full': 'Disk nearly full',
  'backup.succeeded': 'Backup succeeded',
  'retention.applied': 'Retention applied',
};

export const resultBadges: Record<DeliveryResult, { color: string; label: string }> = {
  delivered: { color: 'teal', label: 'Delivered' },
  retrying: { color: 'yellow', label: 'Will retry' },
  failed: { color: 'red', label: 'Failed' },
  undeliverable: { color: 'gray', label: 'Not deliverable here' },
};

export function subjectLabel(subject: DeliverySubject): string {
  switch (subject.kind) {
    case 'event':
      return eventTypeLabels[subject.eventType];
    case 'test':
      return 'Test';
    case 'heartbeat':
      return `Heartbeat ${subject.signal}${subject.scheduleName ? ` (${subject.scheduleName})` : ''}`;
  }
}

export function destinationLabel(destination: DeliveryDestination): string {
  switch (destination.kind) {
    case 'heartbeat':
      return destination.address;
    case 'removed-channel':
      return 'a removed channel';
    default:
      return destination.channelName;
  }
}

export function channelKindLabel(channel: NotificationChannel): string {
  switch (channel.kind) {
    case 'desktop':
      return 'Desktop';
    case 'webhook':
      return channel.format === 'slack' ? 'Slack webhook' : 'Webhook';
    case 'email':
      return 'Email';
  }
}
