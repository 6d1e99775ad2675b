import { z } from 'zod';
import { event, request } from './define';
import {
  channelDraftSchema,
  type DeliveryAttempt,
  type DeliveryHistoryEntry,
  type DeliveryPass,
  type DesktopNotice,
  type NotificationChannel,
  type NotificationChannelSettings,
  type PendingDelivery,
} from '../domain/notification';

/** Every request names the repository whose notifications.json and outbox it means; the app's default when absent. */
const inRepository = { repositoryDir: z.string().trim().min(1).optional() };
/** A channel by its id or its name. */
const channelRef = z.string().trim().min(1).max(80);

export const notificationRequests = {
  'notifications.channels': request<NotificationChannel[]>()(z.object(inRepository)),
  /** Adds a channel, or changes one (with its id); its secrets go to the secret store, never to notifications.json. */
  'notifications.saveChannel': request<NotificationChannel>()(z.object({ ...inRepository, channel: channelDraftSchema })),
  /** Answers the removed channel. */
  'notifications.removeChannel': request<NotificationChannelSettings>()(z.object({ ...inRepository, channel: channelRef })),
  /** Sends a test through the channel now, whatever its filter; answers the attempt (also in the history). */
  'notifications.test': request<DeliveryAttempt>()(z.object({ ...inRepository, channel: channelRef })),
  /** Each attempt and collapsed event, newest first. */
  'notifications.history': request<DeliveryHistoryEntry[]>()(z.object({ ...inRepository, limit: z.number().int().min(1).max(1000).default(200) })),
  /** The deliveries still in the outbox. */
  'notifications.pending': request<PendingDelivery[]>()(z.object(inRepository)),
  /** Attempts every delivery that is due now (what the scheduler's tick does). */
  'notifications.deliverDue': request<DeliveryPass>()(z.object(inRepository)),
};

export const notificationEvents = {
  /** A desktop notification for the host to show: Electron's main process, or the page in browser mode. */
  'notifications.desktop': event<DesktopNotice>(),
};
