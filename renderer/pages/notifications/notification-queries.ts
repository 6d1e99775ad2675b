import type { RequestName } from '../../../shared/contract';

/** What a change to channels or a delivery makes stale: the channels, the history, the outbox. */
export const notificationQueries: RequestName[] = ['notifications.channels', 'notifications.history', 'notifications.pending'];
