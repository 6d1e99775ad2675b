import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryAttempt } from '../../shared/domain/notification';
import { DeliveryHistory } from './delivery-history';
import { newDeliveryId, Outbox, type OutboxDelivery } from './outbox';

function delivery(now: Date): OutboxDelivery {
  return {
    version: 1,
    id: newDeliveryId(now),
    createdAt: now.toISOString(),
    nextAttemptAt: now.toISOString(),
    attempts: 0,
    policy: 'heartbeat',
    target: { kind: 'heartbeat', url: 'https://hc-ping.com/uuid-1', signal: 'start' },
  };
}

describe('the outbox', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tidemark-outbox-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps one 0600 file per delivery, listed oldest first', async () => {
    const outbox = new Outbox(dir);
    const later = delivery(new Date('2026-11-21T02:00:01Z'));
    const earlier = delivery(new Date('2026-11-21T02:00:00Z'));
    await outbox.add(later);
    await outbox.add(earlier);
    expect((await outbox.list()).map((d) => d.id)).toEqual([earlier.id, later.id]);
    expect((await stat(join(dir, `${earlier.id}.json`))).mode & 0o777).toBe(0o600);
  });

  it('a delivery is claimed once: a second claim (another process, another pass) gets nothing', async () => {
    const outbox = new Outbox(dir);
    const first = delivery(new Date());
    await outbox.add(first);
    const [a, b] = await Promise.all([outbox.claim(first.id), new Outbox(dir).claim(first.id)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(await outbox.list()).toEqual([]);
    await outbox.settle(first.id, { ...first, attempts: 1 });
    expect(await outbox.list()).toMatchObject([{ id: first.id, attempts: 1 }]);
    await outbox.claim(first.id);
    await outbox.settle(first.id, null);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a claim left by a process that died mid-attempt goes back after five minutes', async () => {
    const outbox = new Outbox(dir);
    const stuck = delivery(new Date());
    await outbox.add(stuck);
    await outbox.claim(stuck.id);
    expect(await outbox.list()).toEqual([]);
    const sixMinutesAgo = new Date(Date.now() - 6 * 60_000);
    await utimes(join(dir, `${stuck.id}.json.sending`), sixMinutesAgo, sixMinutesAgo);
    await outbox.list(); // puts it back
    expect((await outbox.list()).map((d) => d.id)).toEqual([stuck.id]);
  });

  it('a damaged file is set aside, kept, and not retried', async () => {
    const outbox = new Outbox(dir);
    await writeFile(join(dir, '20261121T020000000Z-00000000.json'), '{"version": 1, "id": ');
    expect(await outbox.list()).toEqual([]);
    expect(await readdir(dir)).toEqual(['20261121T020000000Z-00000000.json.unreadable']);
  });
});

describe('the delivery history', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tidemark-history-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const entry = (attempt: number): DeliveryAttempt => ({
    kind: 'attempt',
    at: new Date(Date.UTC(2026, 10, 21, 2, 0, attempt)).toISOString(),
    deliveryId: 'd',
    subject: { kind: 'test' },
    destination: { kind: 'desktop', channelId: 'c', channelName: 'Desktop', address: 'desktop' },
    attempt,
    result: 'delivered',
    detail: 'shown by the app',
    durationMs: 1,
  });

  it('lists newest first and is cut back to its newest entries once it grows past its size', async () => {
    const history = new DeliveryHistory(join(dir, 'history.jsonl'), { maxBytes: 4_000, keptEntries: 5 });
    for (let i = 1; i <= 40; i += 1) await history.append([entry(i)]);
    const kept = await history.list(100);
    expect(kept.length).toBeLessThan(20);
    expect(kept.length).toBeGreaterThanOrEqual(5);
    expect(kept[0]).toMatchObject({ attempt: 40 });
    expect(kept.map((e) => e.kind === 'attempt' && e.attempt)).toEqual([...kept.keys()].map((i) => 40 - i));
    expect((await stat(join(dir, 'history.jsonl'))).size).toBeLessThanOrEqual(4_000);
  });

  it('skips a line cut short by a crash', async () => {
    const file = join(dir, 'history.jsonl');
    await writeFile(file, JSON.stringify(entry(1)) + '\n{"kind":"attempt","at":');
    expect(await new DeliveryHistory(file).list(10)).toEqual([entry(1)]);
  });
});
