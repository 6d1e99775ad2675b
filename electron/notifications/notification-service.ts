import { TidemarkError } from '../../shared/domain/errors';
import type {
  DeliveryAttempt,
  DeliveryHistoryEntry,
  DeliveryPass,
  HeartbeatSignal,
  NotificationChannel,
  NotificationChannelDraft,
  NotificationChannelSettings,
  PendingDelivery,
  PublishOutcome,
} from '../../shared/domain/notification';
import type { TidemarkEvent } from '../../shared/domain/notification-event';
import type { NamedSecrets } from '../profiles/secret-store';
import type { Repositories } from '../repository/repositories';
import { ChannelConfig } from './channel-config';
import { applyChannelDraft, parseChannelDraft } from './channel-draft';
import { ChannelSecrets, type ChannelSecretValues } from './channel-secrets';
import { attemptDelivery, destinationOf, subjectOf, type AttemptContext } from './delivery-attempt';
import { DeliveryHistory } from './delivery-history';
import type { DesktopPresenter } from './desktop-sender';
import { collapseWindowMs, eventKey } from './event-key';
import { notificationFiles, type NotificationFiles } from './notification-files';
import { newDeliveryId, Outbox, retryPolicies, type OutboxDelivery } from './outbox';
import { collapseOrRemember } from './recent-events';
import type { MessageSource } from './webhook-payload';

/**
 * Notifications: Tidemark's events to the people who need them (desktop, webhook, Slack, email)
 * and heartbeats to a monitor, through a persisted outbox in the repository.
 *
 * Entry points for the scheduler (and retention, the archiver watch):
 * - `publish(event, { repositoryDir })`: queues the event for every enabled channel whose filter
 *   takes its type, unless the same event (eventKey) was published within its collapse window.
 *   It only writes the outbox: nothing is sent until the next deliverDue.
 * - `heartbeat(url, 'start' | 'success' | 'fail', { repositoryDir, scheduleName, body })`: queues a
 *   healthchecks.io-style ping (`<url>/start`, `<url>`, `<url>/fail`); pings to one URL go in order.
 * - `deliverDue(now, { repositoryDir })`: attempts every delivery whose time has come (call it
 *   from the tick, and right after publish/heartbeat for promptness). A failure is tried again
 *   with exponential back-off (retry-policy.ts), then reported `failed` in the history: never
 *   dropped silently. Without repositoryDir it covers every known repository.
 * Everything a channel keeps secret is in the secret store (NamedSecrets), never in the
 * repository's files or the history.
 */
export interface NotificationServiceDeps {
  readonly repositories: Pick<Repositories, 'open' | 'knownRoots'>;
  /** Channel secrets, by `notification-channel:<id>`. */
  readonly secrets: NamedSecrets;
  readonly desktop: DesktopPresenter;
  readonly source: MessageSource;
  /** The clock publish, heartbeat and test read (deliverDue is given its `now`); the scheduler's, so tests drive both. */
  readonly clock?: { now(): Date };
}

export interface RepositoryOption {
  /** The repository whose channels and outbox to use; the app's default repository when absent. */
  repositoryDir?: string;
}

const noPass: DeliveryPass = { attempted: 0, delivered: 0, retrying: 0, failed: 0, undeliverable: 0, nextDueAt: null };

export class NotificationService {
  private readonly channelSecrets: ChannelSecrets;
  private readonly now: () => Date;
  /** The pass running per repository: a second deliverDue joins it instead of racing it. */
  private readonly passes = new Map<string, Promise<DeliveryPass>>();

  constructor(private readonly deps: NotificationServiceDeps) {
    this.channelSecrets = new ChannelSecrets(deps.secrets);
    this.now = () => (deps.clock ? deps.clock.now() : new Date());
  }

  async publish(event: TidemarkEvent, options: RepositoryOption = {}): Promise<PublishOutcome> {
    const files = await this.files(options);
    const now = this.now();
    const key = eventKey(event);
    const decision = await collapseOrRemember(files.recentEvents, key, now.getTime(), collapseWindowMs[event.type]);
    if (decision.action === 'collapse') {
      const { firstAt, windowEndsAt, count } = decision.window;
      await new DeliveryHistory(files.history).append([
        { kind: 'collapsed', at: now.toISOString(), subject: { kind: 'event', eventType: event.type, eventKey: key }, firstAt, windowEndsAt, count },
      ]);
      return { outcome: 'collapsed', firstAt, windowEndsAt, count };
    }
    const channels = (await new ChannelConfig(files.config).list()).filter((channel) => channel.enabled && channel.events.includes(event.type));
    if (channels.length === 0) return { outcome: 'no-channel', eventType: event.type };
    const outbox = new Outbox(files.outboxDir);
    const deliveryIds: string[] = [];
    for (const channel of channels) {
      const delivery = this.newDelivery(now, 'event', { kind: 'channel', channelId: channel.id, message: event });
      await outbox.add(delivery);
      deliveryIds.push(delivery.id);
    }
    return { outcome: 'queued', deliveryIds };
  }

  async heartbeat(
    url: string,
    signal: HeartbeatSignal,
    options: RepositoryOption & { scheduleName?: string; body?: string } = {},
  ): Promise<{ deliveryId: string }> {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
      throw new TidemarkError('invalid_input', 'A heartbeat URL is an http:// or https:// address, such as https://hc-ping.com/<uuid>.');
    }
    const files = await this.files(options);
    const delivery = this.newDelivery(this.now(), 'heartbeat', {
      kind: 'heartbeat',
      url,
      signal,
      ...(options.scheduleName ? { scheduleName: options.scheduleName } : {}),
      ...(options.body ? { body: options.body.slice(0, 10_000) } : {}),
    });
    await new Outbox(files.outboxDir).add(delivery);
    return { deliveryId: delivery.id };
  }

  async deliverDue(now: Date, options: RepositoryOption = {}): Promise<DeliveryPass> {
    const roots = options.repositoryDir ? [(await this.files(options)).root] : this.deps.repositories.knownRoots();
    const passes = await Promise.all(roots.map((root) => this.passOver(root, now)));
    return passes.reduce(addPasses, noPass);
  }

  /** Sends a test through one channel (by id or name) at once, whatever its filter: the attempt, also in the history. */
  async test(channelRef: string, options: RepositoryOption = {}): Promise<DeliveryAttempt> {
    const files = await this.files(options);
    const channels = await new ChannelConfig(files.config).list();
    const channel = findChannel(channels, channelRef);
    const now = this.now();
    const delivery = this.newDelivery(now, 'test', {
      kind: 'channel',
      channelId: channel.id,
      message: { type: 'notification.test', at: now.toISOString(), channelId: channel.id, channelName: channel.name },
    });
    const { entry } = await attemptDelivery(delivery, this.attemptContext(channels), now);
    await new DeliveryHistory(files.history).append([entry]);
    return entry;
  }

  async channels(options: RepositoryOption = {}): Promise<NotificationChannel[]> {
    const files = await this.files(options);
    const channels = await new ChannelConfig(files.config).list();
    return Promise.all(channels.map(async (channel) => withSecretStatus(channel, await this.channelSecrets.get(channel.id))));
  }

  /** Adds a channel, or (with an id) changes one; secrets in the draft go to the secret store. */
  async saveChannel(input: NotificationChannelDraft, options: RepositoryOption = {}): Promise<NotificationChannel> {
    const draft = parseChannelDraft(input);
    const files = await this.files(options);
    const nowIso = this.now().toISOString();
    const change = await new ChannelConfig(files.config).update((channels) => {
      const change = applyChannelDraft(draft, channels, nowIso);
      const others = channels.filter((channel) => channel.id !== change.settings.id);
      const at = channels.findIndex((channel) => channel.id === change.settings.id);
      return { channels: at < 0 ? [...others, change.settings] : channels.map((channel, i) => (i === at ? change.settings : channel)), result: change };
    });
    const secrets = await this.channelSecrets.update(change.settings.id, change.secrets);
    return withSecretStatus(change.settings, secrets);
  }

  /** Removes a channel (by id or name) and its secrets; its deliveries still in the outbox are reported undeliverable. */
  async removeChannel(channelRef: string, options: RepositoryOption = {}): Promise<NotificationChannelSettings> {
    const files = await this.files(options);
    const removed = await new ChannelConfig(files.config).update((channels) => {
      const channel = findChannel(channels, channelRef);
      return { channels: channels.filter((other) => other.id !== channel.id), result: channel };
    });
    await this.channelSecrets.delete(removed.id);
    return removed;
  }

  async history(options: RepositoryOption & { limit?: number } = {}): Promise<DeliveryHistoryEntry[]> {
    return new DeliveryHistory((await this.files(options)).history).list(options.limit ?? 200);
  }

  async pending(options: RepositoryOption = {}): Promise<PendingDelivery[]> {
    const files = await this.files(options);
    const [deliveries, channels] = await Promise.all([new Outbox(files.outboxDir).list(), new ChannelConfig(files.config).list()]);
    return deliveries.map((delivery) => ({
      id: delivery.id,
      createdAt: delivery.createdAt,
      subject: subjectOf(delivery),
      destination: destinationOf(delivery, channels),
      attempts: delivery.attempts,
      maxAttempts: retryPolicies[delivery.policy].maxAttempts,
      nextAttemptAt: delivery.nextAttemptAt,
      ...(delivery.lastError ? { lastError: delivery.lastError } : {}),
    }));
  }

  private passOver(root: string, now: Date): Promise<DeliveryPass> {
    const running = this.passes.get(root);
    if (running) return running;
    const pass = this.deliverDueIn(notificationFiles(root), now).finally(() => this.passes.delete(root));
    this.passes.set(root, pass);
    return pass;
  }

  /**
   * One pass over a repository's outbox. Deliveries to one receiver go one after another, in the
   * order they were queued; receivers are served side by side, so a slow one holds up no other.
   * Heartbeats to one URL wait behind the oldest one still waiting, so a monitor never hears
   * "success" before the "start" it follows.
   */
  private async deliverDueIn(files: NotificationFiles, now: Date): Promise<DeliveryPass> {
    const outbox = new Outbox(files.outboxDir);
    const waiting = await outbox.list();
    if (waiting.length === 0) return noPass;
    const context = this.attemptContext(await new ChannelConfig(files.config).list());
    const history = new DeliveryHistory(files.history);
    const byReceiver = new Map<string, OutboxDelivery[]>();
    for (const delivery of waiting) {
      const receiver = delivery.target.kind === 'heartbeat' ? `heartbeat ${delivery.target.url}` : delivery.target.channelId;
      byReceiver.set(receiver, [...(byReceiver.get(receiver) ?? []), delivery]);
    }
    const passes = await Promise.all(
      [...byReceiver.values()].map(async (queue) => {
        const pass = { ...noPass };
        const waitUntil: string[] = [];
        for (const delivery of queue) {
          const inOrder = delivery.target.kind === 'heartbeat';
          if (Date.parse(delivery.nextAttemptAt) > now.getTime()) {
            waitUntil.push(delivery.nextAttemptAt);
            if (inOrder) break;
            continue;
          }
          if (!(await outbox.claim(delivery.id))) continue;
          const { entry, next } = await attemptDelivery(delivery, context, now);
          await history.append([entry]);
          await outbox.settle(delivery.id, next);
          pass.attempted += 1;
          pass[entry.result] += 1;
          if (next) waitUntil.push(next.nextAttemptAt);
          if (next && inOrder) break;
        }
        return { ...pass, nextDueAt: earliest(waitUntil) };
      }),
    );
    return passes.reduce(addPasses, noPass);
  }

  private attemptContext(channels: readonly NotificationChannelSettings[]): AttemptContext {
    return { channels, secrets: this.channelSecrets, desktop: this.deps.desktop, source: this.deps.source };
  }

  private newDelivery(now: Date, policy: OutboxDelivery['policy'], target: OutboxDelivery['target']): OutboxDelivery {
    return { version: 1, id: newDeliveryId(now), createdAt: now.toISOString(), nextAttemptAt: now.toISOString(), attempts: 0, policy, target };
  }

  private async files(options: RepositoryOption): Promise<NotificationFiles> {
    const layout = await this.deps.repositories.open({ repositoryDir: options.repositoryDir });
    return notificationFiles(layout.root);
  }
}

/** A channel by id, or by name as people type it (any case). */
export function findChannel<C extends NotificationChannelSettings>(channels: readonly C[], ref: string): C {
  const channel = channels.find((candidate) => candidate.id === ref) ?? channels.find((candidate) => candidate.name.toLowerCase() === ref.toLowerCase());
  if (!channel) {
    throw new TidemarkError('not_found', `No notification channel is named "${ref}".`, {
      hint: channels.length
        ? `The channels are: ${channels.map((c) => c.name).join(', ')}.`
        : 'Add one first (tidemark notify add, or Notifications in the app).',
    });
  }
  return channel;
}

function withSecretStatus(channel: NotificationChannelSettings, secrets: ChannelSecretValues): NotificationChannel {
  switch (channel.kind) {
    case 'desktop':
      return { ...channel, secrets: 'not-needed' };
    case 'webhook':
      return { ...channel, secrets: secrets.url ? 'saved' : 'missing', tokenSaved: Boolean(secrets.token) };
    case 'email':
      return { ...channel, secrets: channel.username ? (secrets.password ? 'saved' : 'missing') : 'not-needed' };
  }
}

function addPasses(a: DeliveryPass, b: DeliveryPass): DeliveryPass {
  return {
    attempted: a.attempted + b.attempted,
    delivered: a.delivered + b.delivered,
    retrying: a.retrying + b.retrying,
    failed: a.failed + b.failed,
    undeliverable: a.undeliverable + b.undeliverable,
    nextDueAt: earliest([a.nextDueAt, b.nextDueAt]),
  };
}

function earliest(times: readonly (string | null)[]): string | null {
  const known = times.filter((time): time is string => time !== null).sort();
  return known[0] ?? null;
}
