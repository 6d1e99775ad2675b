import { z } from 'zod';
import type { TidemarkEvent, TidemarkEventType } from './notification-event';

/**
 * Notifications: where Tidemark's events go (channels, each with the event types it wants), and
 * what happened to each message (deliveries, their attempts, the history). Channel settings are
 * kept in the repository's `notifications.json`; a channel's secrets (webhook URL and token, SMTP
 * password) never are: they live in the secret store, by the channel's id.
 */

/** Every event type, in the order the settings page lists them. */
export const tidemarkEventTypes = [
  'backup.failed',
  'backup.missed',
  'backup.overdue',
  'archiver.failing',
  'health.threshold',
  'repository.disk-nearly-full',
  'backup.succeeded',
  'retention.applied',
] as const satisfies readonly TidemarkEventType[];
// Adding an event type to TidemarkEvent without listing it here is a compile error.
const everyTypeListed: Exclude<TidemarkEventType, (typeof tidemarkEventTypes)[number]> extends never ? true : never = true;
void everyTypeListed;

/** What a new channel is told about: what needs someone's attention, not every success. */
export const defaultEventTypes: readonly TidemarkEventType[] = [
  'backup.failed',
  'backup.missed',
  'backup.overdue',
  'archiver.failing',
  'health.threshold',
  'repository.disk-nearly-full',
];

/**
 * What "Send a test" sends through a channel. Not a TidemarkEvent: nothing in the app raises it,
 * it bypasses the channel's filters, and a receiver can tell it apart by its type.
 */
export interface NotificationTestEvent {
  type: 'notification.test';
  at: string;
  channelId: string;
  channelName: string;
}

/** What a channel carries: an event, or a test. */
export type NotificationMessage = TidemarkEvent | NotificationTestEvent;

export type NotificationSeverity = 'info' | 'warning' | 'critical';

export const notificationChannelKinds = ['desktop', 'webhook', 'email'] as const;
export type NotificationChannelKind = (typeof notificationChannelKinds)[number];

/** `generic`: Tidemark's own JSON (docs/notifications.md, schema `tidemark.notification.v1`); `slack`: `{ text, blocks }` for Slack's incoming webhooks and the chat tools that copy them. */
export const webhookFormats = ['generic', 'slack'] as const;
export type WebhookFormat = (typeof webhookFormats)[number];

/** tls: TLS from the first byte (port 465); starttls: plain, then STARTTLS, required (587); none: plain (a relay on localhost). */
export const smtpSecurityModes = ['tls', 'starttls', 'none'] as const;
export type SmtpSecurity = (typeof smtpSecurityModes)[number];

const channelName = z.string().trim().min(1, 'a channel needs a name').max(80);
const eventTypes = z
  .array(z.enum(tidemarkEventTypes))
  .max(tidemarkEventTypes.length)
  .transform((types) => tidemarkEventTypes.filter((type) => types.includes(type)));
const common = {
  name: channelName,
  enabled: z.boolean().default(true),
  /** The event types this channel receives (its filter). */
  events: eventTypes.default([...defaultEventTypes]),
};

/** A channel's settings without its secrets, per kind: what notifications.json keeps and the form edits. */
export const desktopSettingsSchema = z.object({ kind: z.literal('desktop'), ...common });
export const webhookSettingsSchema = z.object({ kind: z.literal('webhook'), ...common, format: z.enum(webhookFormats).default('generic') });
export const emailSettingsSchema = z.object({
  kind: z.literal('email'),
  ...common,
  host: z.string().trim().min(1, 'the SMTP server needs a host name').max(255),
  port: z.number().int().min(1).max(65535).default(587),
  security: z.enum(smtpSecurityModes).default('starttls'),
  /** Who logs in to the SMTP server; null: the server takes mail without a login. */
  username: z.string().trim().min(1).max(255).nullable().default(null),
  from: z.email('the sender is an email address'),
  to: z.array(z.email('each recipient is an email address')).min(1, 'name at least one recipient').max(20),
});

/** A webhook's address: http or https, as the receiver gives it (it often holds a secret: it is kept in the secret store). */
export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2048)
  .pipe(z.url({ protocol: /^https?$/, error: 'a webhook address is an http:// or https:// URL' }));

const channelId = z
  .string()
  .regex(/^[a-z0-9-]{1,40}$/, 'a channel id is lowercase letters, digits and dashes')
  .optional();
/** A secret field in a draft: a new value, null to remove the saved one, absent to keep it (as a profile's password). */
const secretField = (max: number) => z.string().min(1).max(max).nullable().optional();

/** What the settings form (and `tidemark notify add`) sends: the settings and, apart, the secrets to keep. */
export const channelDraftSchema = z.discriminatedUnion('kind', [
  desktopSettingsSchema.extend({ id: channelId }),
  webhookSettingsSchema.extend({
    id: channelId,
    /** Required for a new channel; absent keeps the saved one. */
    url: webhookUrlSchema.optional(),
    /** Sent as `Authorization: Bearer …`. */
    token: secretField(4096),
  }),
  emailSettingsSchema.extend({ id: channelId, password: secretField(1024) }),
]);
export type NotificationChannelDraft = z.input<typeof channelDraftSchema>;

interface ChannelRecord {
  id: string;
  createdAt: string;
  updatedAt: string;
}
export type DesktopChannelSettings = z.output<typeof desktopSettingsSchema> & ChannelRecord;
/** `address`: the URL with its secret parts masked, for lists and the history. */
export type WebhookChannelSettings = z.output<typeof webhookSettingsSchema> & ChannelRecord & { address: string };
export type EmailChannelSettings = z.output<typeof emailSettingsSchema> & ChannelRecord;
/** A channel as notifications.json keeps it. */
export type NotificationChannelSettings = DesktopChannelSettings | WebhookChannelSettings | EmailChannelSettings;

/**
 * Whether this machine holds what the channel needs from the secret store. The repository may be
 * shared with another machine whose secret store has the channel's secrets and this one's not.
 */
export type ChannelSecretStatus = 'saved' | 'missing' | 'not-needed';

/** A channel as the settings page and `tidemark notify list` show it. */
export type NotificationChannel = NotificationChannelSettings & {
  secrets: ChannelSecretStatus;
  /** Webhook: whether a bearer token is saved. */
  tokenSaved?: boolean;
};

export type HeartbeatSignal = 'start' | 'success' | 'fail';

/** What a delivery is about. */
export type DeliverySubject =
  { kind: 'event'; eventType: TidemarkEventType; eventKey: string } | { kind: 'test' } | { kind: 'heartbeat'; signal: HeartbeatSignal; scheduleName?: string };

/** Where a delivery goes; `address` never holds a secret (tokens and passwords masked). */
export type DeliveryDestination =
  | { kind: NotificationChannelKind; channelId: string; channelName: string; address: string }
  | { kind: 'removed-channel'; channelId: string; address: string }
  | { kind: 'heartbeat'; address: string };

/**
 * delivered: the receiver took it. retrying: it failed and will be tried again at nextAttemptAt.
 * failed: it will not be tried again (a permanent refusal, or every attempt used).
 * undeliverable: this host cannot deliver it (a desktop notification in a headless daemon, a removed channel).
 */
export type DeliveryResult = 'delivered' | 'retrying' | 'failed' | 'undeliverable';

export interface DeliveryAttempt {
  kind: 'attempt';
  at: string;
  deliveryId: string;
  subject: DeliverySubject;
  destination: DeliveryDestination;
  /** 1 for the first try. */
  attempt: number;
  result: DeliveryResult;
  /** What the receiver answered or why it failed, secrets masked. */
  detail: string;
  httpStatus?: number;
  nextAttemptAt?: string;
  durationMs: number;
}

/** An event published again within its window: no new message, only this line. */
export interface CollapsedEvent {
  kind: 'collapsed';
  at: string;
  subject: Extract<DeliverySubject, { kind: 'event' }>;
  /** When the event was first published in this window, and when the window closes. */
  firstAt: string;
  windowEndsAt: string;
  /** How many times it was published in this window, the first included. */
  count: number;
}

/** One line of the delivery history, newest first in lists. */
export type DeliveryHistoryEntry = DeliveryAttempt | CollapsedEvent;

/** A delivery still in the outbox: not yet tried, or waiting for its next attempt. */
export interface PendingDelivery {
  id: string;
  createdAt: string;
  subject: DeliverySubject;
  destination: DeliveryDestination;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string;
  lastError?: string;
}

/** What publish() did with an event. */
export type PublishOutcome =
  | { outcome: 'queued'; deliveryIds: string[] }
  | { outcome: 'collapsed'; firstAt: string; windowEndsAt: string; count: number }
  | { outcome: 'no-channel'; eventType: TidemarkEventType };

/** What one deliverDue() pass did. */
export interface DeliveryPass {
  attempted: number;
  delivered: number;
  retrying: number;
  failed: number;
  undeliverable: number;
  /** The earliest next attempt still waiting, so a caller can sleep until then. */
  nextDueAt: string | null;
}

/** A desktop notification for the host to show: Electron's Notification, or the browser's in browser mode. */
export interface DesktopNotice {
  deliveryId: string;
  at: string;
  title: string;
  body: string;
  severity: NotificationSeverity;
  type: NotificationMessage['type'];
}
