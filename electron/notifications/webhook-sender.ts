import type { WebhookChannelSettings } from '../../shared/domain/notification';
import type { ChannelSecretValues } from './channel-secrets';
import { deliverOverHttp } from './http-request';
import { urlSecretParts } from './redaction';
import type { SendOutcome } from './send-outcome';
import { genericPayload, slackPayload, type MessageSource, type OutgoingMessage } from './webhook-payload';

export const webhookTimeoutMs = 10_000;

/** POSTs the message as JSON: Tidemark's generic schema, or Slack's `{ text, blocks }`. */
export async function sendWebhook(
  channel: WebhookChannelSettings,
  secrets: ChannelSecretValues,
  outgoing: OutgoingMessage,
  source: MessageSource,
): Promise<SendOutcome> {
  if (!secrets.url) {
    return {
      status: 'undeliverable',
      detail: `This machine's secret store has no address for the webhook "${channel.name}": enter it again in the channel's settings.`,
    };
  }
  const body = channel.format === 'slack' ? slackPayload(outgoing, source) : genericPayload(outgoing, source);
  return deliverOverHttp({
    url: secrets.url,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': `Tidemark/${source.version}`,
      // Lets a receiver drop a repeat: a delivery whose answer was lost is sent again with the same id.
      'x-tidemark-delivery': outgoing.deliveryId,
      'x-tidemark-event': outgoing.message.type,
      ...(secrets.token ? { authorization: `Bearer ${secrets.token}` } : {}),
    },
    body: JSON.stringify(body),
    timeoutMs: webhookTimeoutMs,
    secrets: [...urlSecretParts(secrets.url), secrets.token],
  });
}
