import type { EmailChannelSettings } from '../../shared/domain/notification';
import type { ChannelSecretValues } from './channel-secrets';
import { redactText } from './redaction';
import type { SendOutcome } from './send-outcome';
import type { MessageSource, OutgoingMessage } from './webhook-payload';

const timeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 };

/** Sends the message as a plain-text email through the channel's SMTP server (nodemailer). */
export async function sendEmail(
  channel: EmailChannelSettings,
  secrets: ChannelSecretValues,
  outgoing: OutgoingMessage,
  source: MessageSource,
): Promise<SendOutcome> {
  if (channel.username && !secrets.password) {
    return {
      status: 'undeliverable',
      detail: `This machine's secret store has no SMTP password for "${channel.name}" (user ${channel.username}): enter it again in the channel's settings.`,
    };
  }
  // Loaded on first use: the CLI's start-up must not pay for a mail library most commands never touch.
  const { createTransport } = await import('nodemailer');
  const transport = createTransport({
    host: channel.host,
    port: channel.port,
    secure: channel.security === 'tls',
    requireTLS: channel.security === 'starttls',
    ignoreTLS: channel.security === 'none',
    ...(channel.username ? { auth: { user: channel.username, pass: secrets.password } } : {}),
    ...timeouts,
  });
  try {
    const info = await transport.sendMail({
      from: channel.from,
      to: channel.to,
      subject: `[Tidemark] ${outgoing.text.title}`,
      text: emailText(outgoing, source),
      // The same id on a retry after a lost answer lets mail clients show one message, not two.
      messageId: `<${outgoing.deliveryId}@tidemark.invalid>`,
      headers: { 'X-Tidemark-Delivery': outgoing.deliveryId, 'X-Tidemark-Event': outgoing.message.type },
    });
    return { status: 'delivered', detail: redactText(`accepted by ${channel.host}: ${info.response}`, [secrets.password]) };
  } catch (error) {
    return outcomeOfSmtpError(error, channel, secrets);
  } finally {
    transport.close();
  }
}

/** The email's text: the message, its facts one a line, and where it came from. */
export function emailText(outgoing: OutgoingMessage, source: MessageSource): string {
  const width = Math.max(0, ...outgoing.text.facts.map(([label]) => label.length));
  return [
    outgoing.text.text,
    '',
    ...outgoing.text.facts.map(([label, value]) => `${`${label}:`.padEnd(width + 1)} ${value}`),
    '',
    '-- ',
    `Sent by Tidemark ${source.version} on ${source.hostname} at ${outgoing.sentAt} (delivery ${outgoing.deliveryId}).`,
  ].join('\n');
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  message?: string;
}

/**
 * A 5xx reply (a refused login, an unknown mailbox) will not change by itself: reported at once.
 * A 4xx reply (greylisting, a full queue) and a connection that failed are tried again.
 */
function outcomeOfSmtpError(error: unknown, channel: EmailChannelSettings, secrets: ChannelSecretValues): SendOutcome {
  const smtp = (typeof error === 'object' && error !== null ? error : {}) as SmtpError;
  const detail = redactText(`${channel.host}:${channel.port} ${smtp.code ? `(${smtp.code}) ` : ''}${smtp.message ?? String(error)}`, [secrets.password]);
  const permanent = (smtp.responseCode !== undefined && smtp.responseCode >= 500) || smtp.code === 'EAUTH' || smtp.code === 'EENVELOPE';
  return { status: permanent ? 'permanent' : 'transient', detail };
}
