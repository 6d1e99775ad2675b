import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryAttempt, DeliveryHistoryEntry } from '../../shared/domain/notification';
import { backupFailed, createNotificationTestBed, type NotificationTestBed } from '../../test/support/notification-test-bed';
import { failingFirst, startHttpReceiver, startSmtpReceiver, type HttpReceiver, type SmtpReceiver } from '../../test/support/notification-receivers';
import type { GenericWebhookPayloadV1 } from './webhook-payload';

const failed = backupFailed;

function attempts(history: DeliveryHistoryEntry[]): DeliveryAttempt[] {
  return history.filter((entry): entry is DeliveryAttempt => entry.kind === 'attempt').reverse();
}

/** Runs deliverDue at each next attempt time until nothing is left to wait for (the scheduler's tick, fast-forwarded). */
async function deliverUntilSettled(bed: NotificationTestBed, service = bed.startService()): Promise<number> {
  let passes = 0;
  let pass = await service.deliverDue(bed.clock.now());
  while (pass.nextDueAt && passes < 50) {
    passes += 1;
    bed.clock.advance(Date.parse(pass.nextDueAt) - bed.clock.now().getTime());
    pass = await service.deliverDue(bed.clock.now());
  }
  return passes;
}

describe('notification delivery to real receivers on loopback', () => {
  let bed: NotificationTestBed;
  let receiver: HttpReceiver | undefined;
  let smtp: SmtpReceiver | undefined;
  beforeEach(async () => {
    bed = await createNotificationTestBed();
  });
  afterEach(async () => {
    await receiver?.close();
    await smtp?.close();
    receiver = smtp = undefined;
    await bed.cleanup();
  });

  it('a webhook answering 500 twice receives the failure event on the third attempt; the history shows all three', async () => {
    receiver = await startHttpReceiver(failingFirst(2, 500));
    const service = bed.startService();
    const token = 'bearer-7f3e9a1c55';
    const channel = await service.saveChannel({ kind: 'webhook', name: 'Ops', url: `${receiver.origin}/hooks/t0k3nPart`, token, events: ['backup.failed'] });
    await service.publish(failed);

    await deliverUntilSettled(bed, service);

    expect(receiver.requests).toHaveLength(3);
    const deliveryIds = new Set(receiver.requests.map((request) => request.headers['x-tidemark-delivery']));
    expect(deliveryIds.size).toBe(1);
    const last = receiver.requests[2]!;
    expect(last).toMatchObject({ method: 'POST', path: '/hooks/t0k3nPart' });
    expect(last.headers).toMatchObject({ authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-tidemark-event': 'backup.failed' });
    const payload = JSON.parse(last.body) as GenericWebhookPayloadV1;
    expect(payload).toMatchObject({
      schema: 'tidemark.notification.v1',
      test: false,
      severity: 'critical',
      title: 'Backup failed: prod',
      event: failed,
      source: { app: 'tidemark', version: 'test', hostname: 'test-host' },
    });
    expect(payload.deliveryId).toBe([...deliveryIds][0]);

    const history = attempts(await service.history());
    expect(history.map((entry) => [entry.attempt, entry.result, entry.httpStatus])).toEqual([
      [1, 'retrying', 500],
      [2, 'retrying', 500],
      [3, 'delivered', 200],
    ]);
    expect(history[0]).toMatchObject({
      destination: { kind: 'webhook', channelId: channel.id, channelName: 'Ops', address: `${receiver.origin}/hooks/***` },
      detail: 'HTTP 500 Internal Server Error: upstream unavailable',
    });
    // The back-off on the injected clock: 30 s, then 60 s.
    expect(history.map((entry) => entry.at)).toEqual(['2026-11-21T02:00:00.000Z', '2026-11-21T02:00:30.000Z', '2026-11-21T02:01:30.000Z']);
    expect(await service.pending()).toEqual([]);
    const raw = await readFile(join(bed.repositoryDir, 'notifications', 'history.jsonl'), 'utf8');
    expect(raw).not.toContain('t0k3nPart');
    expect(raw).not.toContain(token);
  });

  it('a webhook that always fails is retried on the back-off schedule, then reported failed, never dropped silently', async () => {
    receiver = await startHttpReceiver(() => ({ status: 503, body: 'down for maintenance' }));
    const service = bed.startService();
    await service.saveChannel({ kind: 'webhook', name: 'Broken', url: `${receiver.origin}/hook`, events: ['backup.failed'] });
    await service.publish(failed);

    await deliverUntilSettled(bed, service);

    expect(receiver.requests).toHaveLength(12);
    const history = attempts(await service.history());
    expect(history).toHaveLength(12);
    expect(history.slice(0, 11).every((entry) => entry.result === 'retrying')).toBe(true);
    expect(history[11]).toMatchObject({
      attempt: 12,
      result: 'failed',
      httpStatus: 503,
      detail: 'HTTP 503 Service Unavailable: down for maintenance (gave up after 12 attempts)',
    });
    // About five hours of trying: the last attempt 303.5 min after the first.
    expect(Date.parse(history[11]!.at) - Date.parse(history[0]!.at)).toBe(303.5 * 60_000);
    expect(await service.pending()).toEqual([]);
  });

  it('a refusal (4xx) is reported at once: asking again would not change the answer', async () => {
    receiver = await startHttpReceiver(() => ({ status: 404, body: 'no_service' }));
    const service = bed.startService();
    const channel = await service.saveChannel({ kind: 'webhook', name: 'Slack', format: 'slack', url: `${receiver.origin}/services/T1/B2/abc` });
    const result = await service.test(channel.name);
    expect(result).toMatchObject({ result: 'failed', httpStatus: 404, detail: 'HTTP 404 Not Found: no_service', subject: { kind: 'test' } });
    expect(receiver.requests).toHaveLength(1);
    // The Slack payload: text for notifications, blocks for the message.
    const body = JSON.parse(receiver.requests[0]!.body) as { text: string; blocks: { type: string }[] };
    expect(body.text).toContain('Tidemark test notification');
    expect(body.blocks.map((block) => block.type)).toEqual(['header', 'section', 'section', 'context']);
  });

  it('email goes through a real SMTP server with the login from the secret store; subject and body say what happened', async () => {
    const password = 'smtp-pw-41c7b9';
    smtp = await startSmtpReceiver({ username: 'tidemark', password });
    const service = bed.startService();
    const channel = await service.saveChannel({
      kind: 'email',
      name: 'DBA mail',
      host: '127.0.0.1',
      port: smtp.port,
      security: 'none',
      username: 'tidemark',
      password,
      from: 'tidemark@example.org',
      to: ['dba@example.org', 'oncall@example.org'],
      events: ['backup.failed'],
    });
    expect(channel).toMatchObject({ secrets: 'saved' });
    expect(await readFile(join(bed.repositoryDir, 'notifications.json'), 'utf8')).not.toContain(password);

    await service.publish(failed);
    expect(await service.deliverDue(bed.clock.now())).toMatchObject({ attempted: 1, delivered: 1 });

    expect(smtp.mails).toHaveLength(1);
    const [mail] = smtp.mails;
    expect(mail).toMatchObject({
      from: 'tidemark@example.org',
      to: ['dba@example.org', 'oncall@example.org'],
      user: 'tidemark',
      subject: '[Tidemark] Backup failed: prod',
    });
    expect(mail!.text).toContain('Logical backup of schedule "nightly" failed (attempt 1): Connection refused by db1:5432. Is the server running?');
    expect(mail!.text).toMatch(/Profile: +prod/);
    expect(mail!.text).toContain('Sent by Tidemark test on test-host');
    const [attempt] = attempts(await service.history());
    expect(attempt).toMatchObject({ result: 'delivered', destination: { address: `dba@example.org, oncall@example.org via 127.0.0.1:${smtp.port}` } });
    expect(attempt!.detail).toMatch(/^accepted by 127\.0\.0\.1: 250 /);

    // A wrong password is a refusal: reported at once, and the password is not in the line.
    if (channel.kind !== 'email') throw new Error('an email channel was saved');
    await service.saveChannel({ ...channel, password: 'wrong-pw-9d2e' });
    const refused = await service.test('DBA mail');
    expect(refused).toMatchObject({ result: 'failed' });
    expect(refused.detail).toContain('EAUTH');
    expect(refused.detail).not.toContain('wrong-pw-9d2e');
    expect(smtp.mails).toHaveLength(1);
  });

  it('heartbeats ping <url>/start, <url> and <url>/fail, in order even when the first ping had to wait', async () => {
    receiver = await startHttpReceiver(failingFirst(1, 502));
    const service = bed.startService();
    const url = `${receiver.origin}/ping/5b1f0c2e-8a9d-4e3f-b6a7-c8d9e0f1a2b3`;
    await service.heartbeat(url, 'start', { scheduleName: 'nightly' });
    bed.clock.advance(1000);
    await service.heartbeat(url, 'success', { scheduleName: 'nightly', body: 'backup 2026… 5 MB' });
    bed.clock.advance(1000);
    await service.heartbeat(url, 'fail', { scheduleName: 'nightly', body: 'connection refused' });

    // The start ping fails first: success and fail wait behind it rather than overtake it.
    expect(await service.deliverDue(bed.clock.now())).toMatchObject({ attempted: 1, retrying: 1 });
    await deliverUntilSettled(bed, service);

    expect(receiver.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /ping/5b1f0c2e-8a9d-4e3f-b6a7-c8d9e0f1a2b3/start',
      'POST /ping/5b1f0c2e-8a9d-4e3f-b6a7-c8d9e0f1a2b3/start',
      'POST /ping/5b1f0c2e-8a9d-4e3f-b6a7-c8d9e0f1a2b3',
      'POST /ping/5b1f0c2e-8a9d-4e3f-b6a7-c8d9e0f1a2b3/fail',
    ]);
    expect(receiver.requests[3]!.body).toBe('connection refused');
    const history = attempts(await service.history());
    expect(history.map((entry) => [entry.subject.kind === 'heartbeat' && entry.subject.signal, entry.result])).toEqual([
      ['start', 'retrying'],
      ['start', 'delivered'],
      ['success', 'delivered'],
      ['fail', 'delivered'],
    ]);
    expect(history[0]!.destination.address).toBe(`${receiver.origin}/ping/***`);
  });

  it('the outbox survives a restart: a new service finds the pending delivery and sends it', async () => {
    receiver = await startHttpReceiver(failingFirst(1, 503));
    const before = bed.startService();
    await before.saveChannel({ kind: 'webhook', name: 'Ops', url: `${receiver.origin}/hook` });
    await before.publish(failed);
    await before.publish({ ...failed, profileId: 'p2', profileName: 'staging' });
    expect(await before.deliverDue(bed.clock.now())).toMatchObject({ attempted: 2, retrying: 1, delivered: 1 });

    // The app quits; later a daemon (a new service over the same repository) starts.
    bed.clock.advance(60_000);
    const after = bed.startService();
    expect(await after.pending()).toMatchObject([
      { attempts: 1, subject: { kind: 'event', eventType: 'backup.failed' }, lastError: 'HTTP 503 Service Unavailable: upstream unavailable' },
    ]);
    expect(await after.deliverDue(bed.clock.now())).toMatchObject({ attempted: 1, delivered: 1 });
    expect(receiver.requests.map((request) => (JSON.parse(request.body) as GenericWebhookPayloadV1).event)).toMatchObject([
      { profileName: 'prod' },
      { profileName: 'staging' },
      { profileName: 'prod' },
    ]);
    expect(await after.pending()).toEqual([]);
  });
});
