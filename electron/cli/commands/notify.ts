import type { Command } from 'commander';
import { TidemarkError } from '../../../shared/domain/errors';
import {
  smtpSecurityModes,
  tidemarkEventTypes,
  type DeliveryAttempt,
  type DeliveryHistoryEntry,
  type NotificationChannel,
  type NotificationChannelDraft,
  type SmtpSecurity,
} from '../../../shared/domain/notification';
import type { TidemarkEventType } from '../../../shared/domain/notification-event';
import { call } from '../../api/local-api';
import { cliContext } from '../cli-context';
import { table, type OutputOptions } from '../output';
import { readPasswordFromStdin } from '../password-input';
import { collect, positiveInteger, runCommand } from './backup-cli-common';

interface RepoOptions extends OutputOptions {
  repo?: string;
}

interface AddOptions extends RepoOptions {
  desktop?: boolean;
  webhook?: string;
  webhookStdin?: boolean;
  slack?: boolean;
  tokenStdin?: boolean;
  email?: boolean;
  smtpHost?: string;
  smtpPort: number;
  security: string;
  smtpUser?: string;
  passwordStdin?: boolean;
  from?: string;
  to: string[];
  events?: string;
  disabled?: boolean;
}

export function registerNotifyCommand(program: Command): void {
  const notify = program
    .command('notify')
    .description("notification channels (desktop, webhook, Slack, email), kept in the repository's notifications.json; their secrets in the secret store");

  withRepo(notify.command('list').description('the channels, their filters and whether this machine holds their secrets')).action((options: RepoOptions) =>
    runCommand(options, () => call(cliContext().api, 'notifications.channels', { repositoryDir: options.repo }), describeChannels),
  );

  withRepo(
    notify
      .command('add')
      .description('add a channel: --desktop, --webhook URL (or --webhook-stdin) [--slack], or --email with an SMTP server')
      .argument('<name>', 'a name for the channel')
      .option('--desktop', 'desktop notifications (shown by the app or browser mode)')
      .option('--webhook <url>', 'POST each message as JSON to this URL (visible in the process list: prefer --webhook-stdin)')
      .option('--webhook-stdin', 'read the webhook URL from standard input')
      .option('--slack', "with --webhook: Slack's { text, blocks } instead of Tidemark's own JSON")
      .option('--token-stdin', 'with --webhook: read a bearer token (Authorization: Bearer …) from standard input')
      .option('--email', 'send each message as an email')
      .option('--smtp-host <host>', 'with --email: the SMTP server')
      .option('--smtp-port <port>', 'with --email: its port', positiveInteger('--smtp-port'), 587)
      .option('--security <mode>', `with --email: ${smtpSecurityModes.join(' | ')}`, 'starttls')
      .option('--smtp-user <user>', 'with --email: the login (its password from --password-stdin)')
      .option('--password-stdin', 'with --email: read the SMTP password from standard input')
      .option('--from <address>', 'with --email: the sender')
      .option('--to <address>', 'with --email: a recipient (repeat for more)', collect, [])
      .option('--events <types>', `the events it receives, comma-separated, or "all" (default: the failures). Types: ${tidemarkEventTypes.join(', ')}`)
      .option('--disabled', 'save it turned off'),
  ).action((name: string, options: AddOptions) =>
    runCommand(
      options,
      async () => call(cliContext().api, 'notifications.saveChannel', { repositoryDir: options.repo, channel: await draftOf(name, options) }),
      (channel) => describeChannels([channel]),
    ),
  );

  withRepo(notify.command('remove').description('remove a channel and its secrets').argument('<channel>', 'its name or id')).action(
    (channel: string, options: RepoOptions) =>
      runCommand(
        options,
        () => call(cliContext().api, 'notifications.removeChannel', { repositoryDir: options.repo, channel }),
        (removed) => `Removed the ${removed.kind} channel "${removed.name}".`,
      ),
  );

  withRepo(
    notify.command('test').description('send a test through a channel now; exits non-zero unless its receiver took it').argument('<channel>', 'its name or id'),
  ).action((channel: string, options: RepoOptions) =>
    runCommand(
      options,
      async () => deliveredOrThrow(await call(cliContext().api, 'notifications.test', { repositoryDir: options.repo, channel })),
      describeAttempt,
    ),
  );

  withRepo(
    notify
      .command('history')
      .description('each delivery attempt and its result, newest first (and repeated events collapsed into one)')
      .option('--limit <n>', 'entries to show', positiveInteger('--limit'), 50),
  ).action((options: RepoOptions & { limit: number }) =>
    runCommand(
      options,
      () => call(cliContext().api, 'notifications.history', { repositoryDir: options.repo, limit: Math.max(1, Math.min(options.limit, 1000)) }),
      describeHistory,
    ),
  );

  withRepo(notify.command('deliver').description('attempt now every delivery in the outbox whose time has come (the scheduler does this on its own)')).action(
    (options: RepoOptions) =>
      runCommand(
        options,
        () => call(cliContext().api, 'notifications.deliverDue', { repositoryDir: options.repo }),
        (pass) =>
          `${pass.attempted} attempted: ${pass.delivered} delivered, ${pass.retrying} to retry, ${pass.failed} failed, ${pass.undeliverable} undeliverable here.` +
          (pass.nextDueAt ? `\nNext attempt due at ${pass.nextDueAt}.` : ''),
        (pass) => (pass.failed > 0 ? 1 : 0),
      ),
  );
}

function withRepo(command: Command): Command {
  return command.option('--repo <dir>', "the repository whose notifications to use (default: the app's)").option('--json', 'print one JSON document');
}

async function draftOf(name: string, options: AddOptions): Promise<NotificationChannelDraft> {
  const kinds = [options.desktop, options.webhook !== undefined || options.webhookStdin, options.email].filter(Boolean).length;
  if (kinds !== 1) throw new TidemarkError('invalid_input', 'Say which kind of channel: one of --desktop, --webhook URL (or --webhook-stdin), --email.');
  const stdinSecrets = [options.webhookStdin, options.tokenStdin, options.passwordStdin].filter(Boolean).length;
  if (stdinSecrets > 1)
    throw new TidemarkError('invalid_input', 'Standard input carries one secret: use one of --webhook-stdin, --token-stdin, --password-stdin.');
  const common = { name, enabled: !options.disabled, ...(options.events ? { events: eventTypesOf(options.events) } : {}) };
  if (options.desktop) return { kind: 'desktop', ...common };
  if (options.webhook !== undefined || options.webhookStdin) {
    const url = options.webhookStdin
      ? await readPasswordFromStdin('Webhook URL: ', { name: 'webhook URL', example: 'printf %s "$URL" | tidemark notify add …' })
      : options.webhook;
    const token = options.tokenStdin
      ? await readPasswordFromStdin('Bearer token: ', { name: 'token', example: 'printf %s "$TOKEN" | tidemark notify add …' })
      : undefined;
    return { kind: 'webhook', ...common, format: options.slack ? 'slack' : 'generic', url, ...(token ? { token } : {}) };
  }
  if (!options.smtpHost || !options.from || options.to.length === 0) {
    throw new TidemarkError('invalid_input', 'An email channel needs --smtp-host, --from and at least one --to.');
  }
  if (!(smtpSecurityModes as readonly string[]).includes(options.security)) {
    throw new TidemarkError('invalid_input', `--security ${options.security} is not one of ${smtpSecurityModes.join(', ')}.`);
  }
  if (options.passwordStdin && !options.smtpUser)
    throw new TidemarkError('invalid_input', '--password-stdin goes with --smtp-user (the login it is the password of).');
  const password = options.passwordStdin
    ? await readPasswordFromStdin('SMTP password: ', { name: 'password', example: 'printf %s "$PW" | tidemark notify add …' })
    : undefined;
  return {
    kind: 'email',
    ...common,
    host: options.smtpHost,
    port: options.smtpPort,
    security: options.security as SmtpSecurity,
    username: options.smtpUser ?? null,
    ...(password ? { password } : {}),
    from: options.from,
    to: options.to,
  };
}

function eventTypesOf(text: string): TidemarkEventType[] {
  if (text.trim() === 'all') return [...tidemarkEventTypes];
  const types = text
    .split(',')
    .map((type) => type.trim())
    .filter(Boolean);
  const unknown = types.filter((type) => !(tidemarkEventTypes as readonly string[]).includes(type));
  if (unknown.length)
    throw new TidemarkError('invalid_input', `Unknown event type ${unknown.join(', ')}: the types are ${tidemarkEventTypes.join(', ')}, or "all".`);
  return types as TidemarkEventType[];
}

/** A test the receiver did not take is a failure of the command: the error on stderr, a non-zero exit. */
function deliveredOrThrow(attempt: DeliveryAttempt): DeliveryAttempt {
  if (attempt.result === 'delivered') return attempt;
  const where = 'channelName' in attempt.destination ? `"${attempt.destination.channelName}"` : attempt.destination.address;
  throw new TidemarkError('delivery_failed', `The test through ${where} was not delivered (${attempt.result}): ${attempt.detail}`, {
    hint:
      attempt.result === 'undeliverable'
        ? 'Send it from where it can be shown (the app, or browser mode).'
        : "Check the channel's address and secrets (tidemark notify list), and that its receiver is reachable from here.",
    details: { deliveryId: attempt.deliveryId, result: attempt.result, httpStatus: attempt.httpStatus ?? null },
  });
}

function describeChannels(channels: NotificationChannel[]): string {
  if (channels.length === 0) return 'No notification channels. Add one with `tidemark notify add NAME --webhook URL` (or --email, --desktop).';
  const rows = [['NAME', 'KIND', 'ON', 'SECRETS', 'EVENTS', 'ADDRESS']];
  for (const channel of channels) {
    const kind = channel.kind === 'webhook' && channel.format === 'slack' ? 'slack' : channel.kind;
    const address =
      channel.kind === 'webhook' ? channel.address : channel.kind === 'email' ? `${channel.to.join(',')} via ${channel.host}:${channel.port}` : '-';
    const events = channel.events.length === tidemarkEventTypes.length ? 'all' : channel.events.join(',') || 'none';
    rows.push([channel.name, kind, channel.enabled ? 'yes' : 'no', channel.secrets, events, address]);
  }
  return table(rows);
}

function describeAttempt(attempt: DeliveryAttempt): string {
  return `${attempt.result}: ${attempt.detail} (${attempt.destination.address}, ${attempt.durationMs} ms)`;
}

function describeHistory(entries: DeliveryHistoryEntry[]): string {
  if (entries.length === 0) return 'No deliveries yet.';
  const rows = [['AT', 'WHAT', 'TO', 'TRY', 'RESULT', 'DETAIL']];
  for (const entry of entries) {
    if (entry.kind === 'collapsed') {
      rows.push([entry.at, entry.subject.eventType, '-', '-', 'collapsed', `repeat ${entry.count} since ${entry.firstAt}, window ends ${entry.windowEndsAt}`]);
      continue;
    }
    const what = entry.subject.kind === 'event' ? entry.subject.eventType : entry.subject.kind === 'heartbeat' ? `heartbeat ${entry.subject.signal}` : 'test';
    const to = 'channelName' in entry.destination ? entry.destination.channelName : entry.destination.address;
    const detail = entry.nextAttemptAt ? `${entry.detail}; next ${entry.nextAttemptAt}` : entry.detail;
    rows.push([entry.at, what, to, String(entry.attempt), entry.result, detail]);
  }
  return table(rows);
}
