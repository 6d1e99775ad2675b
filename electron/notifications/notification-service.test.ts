import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DesktopNotice } from '../../shared/domain/notification';
import type { TidemarkEvent } from '../../shared/domain/notification-event';
import { findFreePort } from '../clusters/free-port';
import { backupFailed, createNotificationTestBed, RecordingDesktop, type NotificationTestBed } from '../../test/support/notification-test-bed';

const second = 1000;
const minute = 60 * second;

const failed = backupFailed;
const succeeded: TidemarkEvent = {
  type: 'backup.succeeded',
  at: '2026-11-21T03:01:00+01:00',
  profileId: 'p1',
  profileName: 'prod',
  backupId: '20261121T020000000Z-abcdef',
  backupKind: 'logical',
  scheduleName: 'nightly',
  sizeBytes: 5 * 1024 * 1024,
  durationMs: 12_300,
};

/** A desktop that fails the first `failures` times it is asked, as a host whose notification daemon is restarting. */
class FlakyDesktop extends RecordingDesktop {
  constructor(private failures: number) {
    super();
  }
  override show(notice: DesktopNotice): void {
    if (this.failures > 0) {
      this.failures -= 1;
      throw new Error('org.freedesktop.Notifications is not running');
    }
    super.show(notice);
  }
}

describe('NotificationService', () => {
  let bed: NotificationTestBed;
  afterEach(() => bed?.cleanup());

  describe('with a desktop', () => {
    beforeEach(async () => {
      bed = await createNotificationTestBed();
    });

    it('sends an event only to the enabled channels whose filter takes its type', async () => {
      const service = bed.startService();
      const failures = await service.saveChannel({ kind: 'desktop', name: 'Failures', events: ['backup.failed'] });
      const successes = await service.saveChannel({ kind: 'desktop', name: 'Successes', events: ['backup.succeeded'] });
      await service.saveChannel({ kind: 'desktop', name: 'Off', enabled: false, events: ['backup.failed', 'backup.succeeded'] });

      const queuedFailure = await service.publish(failed);
      expect(queuedFailure).toMatchObject({ outcome: 'queued', deliveryIds: [expect.any(String)] });
      const queuedSuccess = await service.publish(succeeded);
      expect(queuedSuccess).toMatchObject({ outcome: 'queued', deliveryIds: [expect.any(String)] });
      expect(await service.publish({ ...failed, type: 'backup.missed', scheduleName: 'nightly', slot: '2026-11-21T02:00:00+01:00', reason: 'asleep' })).toEqual(
        {
          outcome: 'no-channel',
          eventType: 'backup.missed',
        },
      );

      expect(await service.deliverDue(bed.clock.now())).toEqual({ attempted: 2, delivered: 2, retrying: 0, failed: 0, undeliverable: 0, nextDueAt: null });
      // Each channel is its own receiver, served side by side: the order between them is not fixed.
      expect(bed.desktop.shown.map((notice) => [notice.title, notice.severity]).sort()).toEqual([
        ['Backup failed: prod', 'critical'],
        ['Backup succeeded: prod', 'info'],
      ]);
      const history = await service.history();
      const delivered = history.map((entry) => entry.kind === 'attempt' && entry.destination.kind === 'desktop' && [entry.destination.channelId, entry.result]);
      expect(delivered).toHaveLength(2);
      expect(delivered).toEqual(
        expect.arrayContaining([
          [failures.id, 'delivered'],
          [successes.id, 'delivered'],
        ]),
      );
    });

    it('collapses the same event within its window into one delivery, and says so in the history', async () => {
      const service = bed.startService();
      await service.saveChannel({ kind: 'desktop', name: 'Desktop' });
      expect((await service.publish(failed)).outcome).toBe('queued');
      bed.clock.advance(5 * minute);
      expect(await service.publish({ ...failed, attempt: 2 })).toEqual({
        outcome: 'collapsed',
        firstAt: '2026-11-21T02:00:00.000Z',
        windowEndsAt: '2026-11-21T02:30:00.000Z',
        count: 2,
      });
      // A restarted service remembers the window: the repository holds it, not the process.
      expect((await bed.startService().publish({ ...failed, attempt: 3 })).outcome).toBe('collapsed');
      await service.deliverDue(bed.clock.now());
      expect(bed.desktop.shown).toHaveLength(1);
      const [newest] = await service.history();
      expect(newest).toMatchObject({ kind: 'attempt', result: 'delivered' });
      expect((await service.history()).filter((entry) => entry.kind === 'collapsed').map((entry) => entry.kind === 'collapsed' && entry.count)).toEqual([3, 2]);

      bed.clock.advance(25 * minute);
      expect((await service.publish({ ...failed, attempt: 4 })).outcome).toBe('queued');
    });

    it('a delivery whose channel was removed or turned off is reported undeliverable, not retried', async () => {
      const service = bed.startService();
      const gone = await service.saveChannel({ kind: 'desktop', name: 'Gone' });
      const off = await service.saveChannel({ kind: 'desktop', name: 'Off later' });
      await service.publish(failed);
      await service.removeChannel('gone');
      await service.saveChannel({ ...off, enabled: false });
      expect(await service.deliverDue(bed.clock.now())).toMatchObject({ attempted: 2, undeliverable: 2 });
      expect(await service.pending()).toEqual([]);
      const details = (await service.history()).map((entry) => entry.kind === 'attempt' && [entry.destination.kind, entry.detail]);
      expect(details).toContainEqual(['removed-channel', 'The channel was removed before the message could be sent.']);
      expect(details).toContainEqual(['desktop', 'The channel was turned off.']);
      expect(gone.id).not.toBe(off.id);
    });

    it('refuses a second channel of the same name, and a kind change', async () => {
      const service = bed.startService();
      const desktop = await service.saveChannel({ kind: 'desktop', name: 'Ops' });
      await expect(service.saveChannel({ kind: 'desktop', name: 'ops' })).rejects.toMatchObject({ code: 'conflict' });
      await expect(service.saveChannel({ kind: 'webhook', id: desktop.id, name: 'Ops', url: 'https://example.org/x' })).rejects.toMatchObject({
        code: 'invalid_input',
      });
      await expect(service.saveChannel({ kind: 'webhook', name: 'No address' })).rejects.toMatchObject({ code: 'invalid_input' });
      await expect(service.test('nope')).rejects.toMatchObject({ code: 'not_found' });
      await expect(service.heartbeat('ftp://example.org/x', 'start')).rejects.toMatchObject({ code: 'invalid_input' });
    });
  });

  it('retries with back-off on the injected clock, then delivers: three attempts in the history', async () => {
    bed = await createNotificationTestBed({ desktop: new FlakyDesktop(2) });
    const service = bed.startService();
    await service.saveChannel({ kind: 'desktop', name: 'Desktop' });
    await service.publish(failed);
    const t0 = bed.clock.now().getTime();

    expect(await service.deliverDue(new Date(t0))).toMatchObject({ attempted: 1, retrying: 1, nextDueAt: new Date(t0 + 30 * second).toISOString() });
    expect(await service.deliverDue(new Date(t0 + 29 * second))).toMatchObject({ attempted: 0, nextDueAt: new Date(t0 + 30 * second).toISOString() });
    expect(await service.deliverDue(new Date(t0 + 30 * second))).toMatchObject({
      attempted: 1,
      retrying: 1,
      nextDueAt: new Date(t0 + 90 * second).toISOString(),
    });
    const [pending] = await service.pending();
    expect(pending).toMatchObject({ attempts: 2, maxAttempts: 12, lastError: 'org.freedesktop.Notifications is not running' });
    expect(await service.deliverDue(new Date(t0 + 90 * second))).toMatchObject({ attempted: 1, delivered: 1, nextDueAt: null });

    const attempts = (await service.history()).reverse();
    expect(attempts.map((entry) => entry.kind === 'attempt' && [entry.attempt, entry.result, entry.at])).toEqual([
      [1, 'retrying', '2026-11-21T02:00:00.000Z'],
      [2, 'retrying', '2026-11-21T02:00:30.000Z'],
      [3, 'delivered', '2026-11-21T02:01:30.000Z'],
    ]);
    expect(bed.desktop.shown).toHaveLength(1);
  });

  it('a host without a desktop records the notice as undeliverable there', async () => {
    bed = await createNotificationTestBed({ desktop: new RecordingDesktop('tidemark daemon has no desktop to show notifications on') });
    const service = bed.startService();
    const channel = await service.saveChannel({ kind: 'desktop', name: 'Desktop' });
    expect(await service.test(channel.id)).toMatchObject({
      result: 'undeliverable',
      detail: 'tidemark daemon has no desktop to show notifications on',
      subject: { kind: 'test' },
    });
    await service.publish(failed);
    expect(await service.deliverDue(bed.clock.now())).toMatchObject({ attempted: 1, undeliverable: 1 });
    expect(await service.pending()).toEqual([]);
  });

  it('keeps webhook secrets out of notifications.json, the outbox and the history', async () => {
    bed = await createNotificationTestBed();
    const service = bed.startService();
    const token = 'tok-8c1f0e2d9b7a';
    const pathSecret = 'Zk93LmQpXr7WvB2';
    // A loopback port nothing listens on: the attempt fails at once, with the URL in the error.
    const port = await findFreePort();
    const url = `http://127.0.0.1:${port}/hook/${pathSecret}?sig=qs-secret-4471`;
    const channel = await service.saveChannel({ kind: 'webhook', name: 'Ops hook', url, token, events: ['backup.failed'] });
    expect(channel).toMatchObject({ address: `http://127.0.0.1:${port}/hook/***?sig=***`, secrets: 'saved', tokenSaved: true });
    expect(await bed.secrets.get(`notification-channel:${channel.id}`)).toBe(JSON.stringify({ url, token }));

    await service.publish(failed);
    const pass = await service.deliverDue(bed.clock.now());
    expect(pass).toMatchObject({ attempted: 1, retrying: 1 });
    const [attempt] = await service.history();
    expect(attempt).toMatchObject({ result: 'retrying', destination: { address: `http://127.0.0.1:${port}/hook/***?sig=***` } });
    expect(attempt?.kind === 'attempt' && attempt.detail).toMatch(
      new RegExp(`^cannot reach http://127\\.0\\.0\\.1:${port}/hook/\\*\\*\\*\\?sig=\\*\\*\\*: .*ECONNREFUSED`),
    );

    const outboxDir = join(bed.repositoryDir, 'notifications', 'outbox');
    const written = [
      await readFile(join(bed.repositoryDir, 'notifications.json'), 'utf8'),
      await readFile(join(bed.repositoryDir, 'notifications', 'history.jsonl'), 'utf8'),
      ...(await Promise.all((await readdir(outboxDir)).map((name) => readFile(join(outboxDir, name), 'utf8')))),
    ].join('\n');
    for (const secret of [token, pathSecret, 'qs-secret-4471']) expect(written).not.toContain(secret);

    // An edit without a new address keeps the saved one; removing the channel removes its secrets.
    expect(await service.saveChannel({ kind: 'webhook', id: channel.id, name: 'Ops hook', format: 'slack', token: null })).toMatchObject({
      format: 'slack',
      secrets: 'saved',
      tokenSaved: false,
    });
    // A machine whose secret store lacks the address (the repository shared with another) says so, and does not retry.
    await bed.secrets.delete(`notification-channel:${channel.id}`);
    expect((await service.channels())[0]).toMatchObject({ secrets: 'missing' });
    expect(await service.test('Ops hook')).toMatchObject({
      result: 'undeliverable',
      detail: expect.stringContaining('has no address for the webhook "Ops hook"'),
    });
    await service.removeChannel(channel.id);
    expect(await bed.secrets.get(`notification-channel:${channel.id}`)).toBeUndefined();
  });
});
