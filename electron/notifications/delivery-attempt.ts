import type { DeliveryAttempt, DeliveryDestination, DeliverySubject, NotificationChannelSettings } from '../../shared/domain/notification';
import type { ChannelSecrets } from './channel-secrets';
import { showOnDesktop, type DesktopPresenter } from './desktop-sender';
import { sendEmail } from './email-sender';
import { eventKey } from './event-key';
import { describeMessage } from './event-message';
import { sendHeartbeat } from './heartbeat-sender';
import { retryPolicies, type OutboxDelivery } from './outbox';
import { redactText, redactUrl } from './redaction';
import { retryDelayMs } from './retry-policy';
import type { SendOutcome } from './send-outcome';
import type { MessageSource } from './webhook-payload';
import { sendWebhook } from './webhook-sender';

/** What an attempt needs besides the delivery: the channels as they are now, their secrets, the desktop, who sends. */
export interface AttemptContext {
  channels: readonly NotificationChannelSettings[];
  secrets: ChannelSecrets;
  desktop: DesktopPresenter;
  source: MessageSource;
}

export function subjectOf(delivery: OutboxDelivery): DeliverySubject {
  const { target } = delivery;
  if (target.kind === 'heartbeat') return { kind: 'heartbeat', signal: target.signal, ...(target.scheduleName ? { scheduleName: target.scheduleName } : {}) };
  if (target.message.type === 'notification.test') return { kind: 'test' };
  return { kind: 'event', eventType: target.message.type, eventKey: eventKey(target.message) };
}

export function destinationOf(delivery: OutboxDelivery, channels: readonly NotificationChannelSettings[]): DeliveryDestination {
  const { target } = delivery;
  if (target.kind === 'heartbeat') return { kind: 'heartbeat', address: redactUrl(target.url) };
  const channel = channels.find((candidate) => candidate.id === target.channelId);
  if (!channel) return { kind: 'removed-channel', channelId: target.channelId, address: '-' };
  return { kind: channel.kind, channelId: channel.id, channelName: channel.name, address: addressOf(channel) };
}

export function addressOf(channel: NotificationChannelSettings): string {
  switch (channel.kind) {
    case 'desktop':
      return 'desktop';
    case 'webhook':
      return channel.address;
    case 'email':
      return `${channel.to.join(', ')} via ${channel.host}:${channel.port}`;
  }
}

/**
 * One attempt at a delivery, judged: its history line, and the delivery as it goes back to the
 * outbox for another attempt (null when it is done: delivered, failed for good, undeliverable).
 */
export async function attemptDelivery(
  delivery: OutboxDelivery,
  context: AttemptContext,
  now: Date,
): Promise<{ entry: DeliveryAttempt; next: OutboxDelivery | null }> {
  const startedMs = performance.now();
  const outcome = await send(delivery, context, now).catch((error: unknown): SendOutcome => ({
    status: 'transient',
    detail: redactText(error instanceof Error ? error.message : String(error)),
  }));
  const attempt = delivery.attempts + 1;
  const base = {
    kind: 'attempt' as const,
    at: now.toISOString(),
    deliveryId: delivery.id,
    subject: subjectOf(delivery),
    destination: destinationOf(delivery, context.channels),
    attempt,
    durationMs: Math.round(performance.now() - startedMs),
    ...('httpStatus' in outcome && outcome.httpStatus !== undefined ? { httpStatus: outcome.httpStatus } : {}),
  };
  switch (outcome.status) {
    case 'delivered':
      return { entry: { ...base, result: 'delivered', detail: outcome.detail }, next: null };
    case 'undeliverable':
      return { entry: { ...base, result: 'undeliverable', detail: outcome.detail }, next: null };
    case 'permanent':
      return { entry: { ...base, result: 'failed', detail: outcome.detail }, next: null };
    case 'transient': {
      const delayMs = retryDelayMs(retryPolicies[delivery.policy], attempt, outcome.retryAfterMs);
      if (delayMs === null) {
        const gaveUp = attempt > 1 ? ` (gave up after ${attempt} attempts)` : '';
        return { entry: { ...base, result: 'failed', detail: outcome.detail + gaveUp }, next: null };
      }
      const nextAttemptAt = new Date(now.getTime() + delayMs).toISOString();
      return {
        entry: { ...base, result: 'retrying', detail: outcome.detail, nextAttemptAt },
        next: { ...delivery, attempts: attempt, nextAttemptAt, lastError: outcome.detail },
      };
    }
  }
}

async function send(delivery: OutboxDelivery, context: AttemptContext, now: Date): Promise<SendOutcome> {
  const { target } = delivery;
  if (target.kind === 'heartbeat') return sendHeartbeat(target.url, target.signal, target.body, context.source.version);
  const channel = context.channels.find((candidate) => candidate.id === target.channelId);
  if (!channel) return { status: 'undeliverable', detail: 'The channel was removed before the message could be sent.' };
  // A test is how one checks a channel before turning it on; an event waits for nobody on a channel turned off.
  if (!channel.enabled && target.message.type !== 'notification.test') return { status: 'undeliverable', detail: 'The channel was turned off.' };
  const outgoing = { deliveryId: delivery.id, sentAt: now.toISOString(), message: target.message, text: describeMessage(target.message) };
  switch (channel.kind) {
    case 'desktop':
      return showOnDesktop(context.desktop, outgoing);
    case 'webhook':
      return sendWebhook(channel, await context.secrets.get(channel.id), outgoing, context.source);
    case 'email':
      return sendEmail(channel, await context.secrets.get(channel.id), outgoing, context.source);
  }
}
