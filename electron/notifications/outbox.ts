import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { HeartbeatSignal, NotificationMessage } from '../../shared/domain/notification';
import { writeJsonAtomic } from '../repository/atomic-file';
import { parseJsonOrUndefined, readOptionalText } from './json-file';
import { eventRetryPolicy, heartbeatRetryPolicy, testRetryPolicy, type RetryPolicy } from './retry-policy';

// A message is an object with a type; the service wrote it, so its shape is trusted beyond that.
const messageSchema = z.custom<NotificationMessage>(
  (value) => typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string',
  'a message with a type',
);

export const retryPolicies = { event: eventRetryPolicy, heartbeat: heartbeatRetryPolicy, test: testRetryPolicy } satisfies Record<string, RetryPolicy>;

const outboxDeliverySchema = z.object({
  version: z.literal(1),
  id: z.string().regex(/^[0-9TZ]+-[0-9a-f]+$/),
  createdAt: z.string(),
  nextAttemptAt: z.string(),
  /** Attempts made so far. */
  attempts: z.number().int().min(0),
  policy: z.enum(['event', 'heartbeat', 'test']),
  lastError: z.string().optional(),
  target: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('channel'), channelId: z.string(), message: messageSchema }),
    z.object({
      kind: z.literal('heartbeat'),
      // The monitor's ping URL is its secret: this file is mode 0600, and the history shows it redacted.
      url: z.string(),
      signal: z.enum(['start', 'success', 'fail'] satisfies HeartbeatSignal[]),
      scheduleName: z.string().optional(),
      body: z.string().max(10_000).optional(),
    }),
  ]),
});
/** One delivery waiting in the outbox: what to send, where, and when to try next. */
export type OutboxDelivery = z.infer<typeof outboxDeliverySchema>;

const pendingSuffix = '.json';
const claimedSuffix = '.json.sending';
const unreadableSuffix = '.json.unreadable';
/**
 * A claim older than this belongs to a process that died mid-attempt (an attempt is bounded by
 * its timeouts, well under a minute): the delivery goes back to the outbox and is tried again.
 * Real time, not the injected clock: it is about processes, not schedules.
 */
const staleClaimMs = 5 * 60_000;

let deliveriesCreated = 0;

/**
 * A new delivery id: its UTC creation time to the millisecond, then a counter of this process
 * (two deliveries queued in one millisecond still sort in the order they were queued, which
 * keeps a heartbeat's "start" before its "success"), then random bits (unique across processes).
 */
export function newDeliveryId(now: Date): string {
  deliveriesCreated = (deliveriesCreated + 1) % 0x10000;
  return `${now.toISOString().replace(/[-:.]/g, '')}-${deliveriesCreated.toString(16).padStart(4, '0')}${randomBytes(3).toString('hex')}`;
}

/**
 * The persisted outbox: one file per delivery, written atomically, so a message survives the
 * network, the app or the machine being down. A process claims a delivery by renaming its file
 * before attempting it (rename is atomic: of two processes, one wins), so it is sent once.
 */
export class Outbox {
  constructor(private readonly dir: string) {}

  async add(delivery: OutboxDelivery): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeJsonAtomic(this.pendingFile(delivery.id), delivery, 0o600);
  }

  /** Every delivery waiting, oldest first; claims left by a dead process are put back first. */
  async list(): Promise<OutboxDelivery[]> {
    const names = await readdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    await Promise.all(names.filter((name) => name.endsWith(claimedSuffix)).map((name) => this.releaseIfStale(name, names)));
    const deliveries = await Promise.all(names.filter((name) => name.endsWith(pendingSuffix)).map((name) => this.read(name.slice(0, -pendingSuffix.length))));
    return deliveries.filter((delivery): delivery is OutboxDelivery => delivery !== null).sort((a, b) => a.id.localeCompare(b.id));
  }

  /** Takes a delivery for an attempt; null when another process (or pass) took it first. */
  async claim(id: string): Promise<OutboxDelivery | null> {
    try {
      await rename(this.pendingFile(id), this.claimedFile(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    // rename keeps the old mtime: touch it, so the claim's age counts from now.
    const now = new Date();
    await utimes(this.claimedFile(id), now, now).catch(() => undefined);
    const text = await readOptionalText(this.claimedFile(id));
    const parsed = text === null ? null : outboxDeliverySchema.safeParse(parseJsonOrUndefined(text));
    if (!parsed?.success) {
      await this.setAside(this.claimedFile(id), id);
      return null;
    }
    return parsed.data;
  }

  /** Ends a claim: the delivery goes back for its next attempt, or (null) leaves the outbox for good. */
  async settle(id: string, next: OutboxDelivery | null): Promise<void> {
    if (next) await this.add(next);
    await rm(this.claimedFile(id), { force: true });
  }

  private async read(id: string): Promise<OutboxDelivery | null> {
    const text = await readOptionalText(this.pendingFile(id));
    if (text === null) return null; // claimed or settled meanwhile
    const parsed = outboxDeliverySchema.safeParse(parseJsonOrUndefined(text));
    if (parsed.success) return parsed.data;
    await this.setAside(this.pendingFile(id), id);
    return null;
  }

  /** A damaged file is renamed out of the way, kept for a person to read, and never retried in a loop. */
  private async setAside(file: string, id: string): Promise<void> {
    console.warn(`Tidemark: the outbox entry ${file} cannot be read; it is kept as ${id}${unreadableSuffix} and not sent.`);
    await rename(file, join(this.dir, id + unreadableSuffix)).catch(() => undefined);
  }

  private async releaseIfStale(name: string, names: readonly string[]): Promise<void> {
    const id = name.slice(0, -claimedSuffix.length);
    // Both files: the claimer wrote the next attempt and died before removing its claim.
    if (names.includes(id + pendingSuffix)) return void (await rm(this.claimedFile(id), { force: true }));
    const claimed = await stat(this.claimedFile(id)).catch(() => null);
    if (claimed && Date.now() - claimed.mtimeMs > staleClaimMs) await rename(this.claimedFile(id), this.pendingFile(id)).catch(() => undefined);
  }

  private pendingFile(id: string): string {
    return join(this.dir, id + pendingSuffix);
  }

  private claimedFile(id: string): string {
    return join(this.dir, id + claimedSuffix);
  }
}
