import type { NotificationMessage, NotificationSeverity } from '../../shared/domain/notification';
import type { MessageText } from './event-message';

/** The generic webhook's schema name; a change that could break a receiver gets a new version (docs/notifications.md). */
export const webhookSchemaV1 = 'tidemark.notification.v1';

/** Who sent a message: which Tidemark, on which machine (a repository may be shared by several). */
export interface MessageSource {
  version: string;
  hostname: string;
}

/** The generic webhook's body, version 1 (documented in docs/notifications.md). */
export interface GenericWebhookPayloadV1 {
  schema: typeof webhookSchemaV1;
  deliveryId: string;
  sentAt: string;
  /** True for "Send a test": event.type is then "notification.test". */
  test: boolean;
  severity: NotificationSeverity;
  title: string;
  text: string;
  /** The event as Tidemark raised it (shared/domain/notification-event.ts), or the test. */
  event: NotificationMessage;
  source: MessageSource & { app: 'tidemark' };
}

export interface OutgoingMessage {
  deliveryId: string;
  /** When this attempt is made. */
  sentAt: string;
  message: NotificationMessage;
  text: MessageText;
}

export function genericPayload(outgoing: OutgoingMessage, source: MessageSource): GenericWebhookPayloadV1 {
  return {
    schema: webhookSchemaV1,
    deliveryId: outgoing.deliveryId,
    sentAt: outgoing.sentAt,
    test: outgoing.message.type === 'notification.test',
    severity: outgoing.text.severity,
    title: outgoing.text.title,
    text: outgoing.text.text,
    event: outgoing.message,
    source: { app: 'tidemark', ...source },
  };
}

const severityMark: Record<NotificationSeverity, string> = { info: ':white_check_mark:', warning: ':warning:', critical: ':rotating_light:' };

/** Slack's incoming-webhook body: `text` for the notification and clients without blocks, `blocks` for the message itself. */
export function slackPayload(outgoing: OutgoingMessage, source: MessageSource): { text: string; blocks: object[] } {
  const { title, text, severity, facts } = outgoing.text;
  return {
    text: `${severityMark[severity]} ${escapeMrkdwn(title)}: ${escapeMrkdwn(text)}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: truncate(title, 150), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: `${severityMark[severity]} ${escapeMrkdwn(truncate(text, 2900))}` } },
      // Slack takes at most ten fields in a section.
      ...(facts.length
        ? [
            {
              type: 'section',
              fields: facts
                .slice(0, 10)
                .map(([label, value]) => ({ type: 'mrkdwn', text: `*${escapeMrkdwn(label)}*\n${escapeMrkdwn(truncate(value, 1900))}` })),
            },
          ]
        : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(`Tidemark ${source.version} on ${source.hostname} · ${outgoing.sentAt}`) }] },
    ],
  };
}

/** Slack's mrkdwn reads &, < and > as markup (https://api.slack.com/reference/surfaces/formatting#escaping). */
function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
