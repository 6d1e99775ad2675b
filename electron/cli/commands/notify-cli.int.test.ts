import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorPayload } from '../../../shared/domain/errors';
import type { DeliveryAttempt, DeliveryHistoryEntry, NotificationChannel } from '../../../shared/domain/notification';
import { ensureCliBuilt, runTidemark } from '../../../test/harness/tidemark-cli';
import { startHttpReceiver, type HttpReceiver } from '../../../test/support/notification-receivers';
import type { GenericWebhookPayloadV1 } from '../../notifications/webhook-payload';

describe('tidemark notify (the CLI)', () => {
  let home: string;
  let repo: string;
  let receiver: HttpReceiver;
  const tidemark = (args: string[], options?: Parameters<typeof runTidemark>[2]) => runTidemark(home, [...args, '--repo', repo], options);
  const errorOf = (stderr: string) => (JSON.parse(stderr) as { error: ErrorPayload }).error;

  beforeAll(async () => {
    [home, repo] = await Promise.all([mkdtemp(join(tmpdir(), 'tidemark-home-')), mkdtemp(join(tmpdir(), 'tidemark-repo-')), ensureCliBuilt()]);
    // /good answers 200, anything else 500.
    receiver = await startHttpReceiver((_n, request) => (request.path.startsWith('/good/') ? { status: 200 } : { status: 500, body: 'boom' }));
  });
  afterAll(async () => {
    await receiver?.close();
    await Promise.all([home, repo].map((dir) => dir && rm(dir, { recursive: true, force: true })));
  });

  it('add --webhook-stdin keeps the URL out of argv and out of notifications.json', async () => {
    const url = `${receiver.origin}/good/S3cretPathPart`;
    const result = await tidemark(['notify', 'add', 'ops', '--webhook-stdin', '--events', 'backup.failed,backup.missed', '--json'], { input: `${url}\n` });
    expect(result.exitCode, result.stderr).toBe(0);
    const channel = JSON.parse(result.stdout) as NotificationChannel;
    expect(channel).toMatchObject({
      kind: 'webhook',
      name: 'ops',
      format: 'generic',
      events: ['backup.failed', 'backup.missed'],
      secrets: 'saved',
      address: `${receiver.origin}/good/***`,
    });
    const config = await readFile(join(repo, 'notifications.json'), 'utf8');
    expect(config).toContain('"name": "ops"');
    expect(config).not.toContain('S3cretPathPart');
  });

  it('test CHANNEL --json delivers a test and prints the attempt', async () => {
    const result = await tidemark(['notify', 'test', 'ops', '--json']);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout) as DeliveryAttempt).toMatchObject({ result: 'delivered', httpStatus: 200, subject: { kind: 'test' }, attempt: 1 });
    const payload = JSON.parse(receiver.requests.at(-1)!.body) as GenericWebhookPayloadV1;
    expect(payload).toMatchObject({ schema: 'tidemark.notification.v1', test: true, event: { type: 'notification.test', channelName: 'ops' } });
  });

  it('a test the receiver refuses exits non-zero with the error on stderr', async () => {
    expect((await tidemark(['notify', 'add', 'broken', '--webhook', `${receiver.origin}/bad/x`, '--slack'])).exitCode).toBe(0);
    const result = await tidemark(['notify', 'test', 'broken', '--json']);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(errorOf(result.stderr)).toMatchObject({ code: 'delivery_failed', details: { result: 'failed', httpStatus: 500 } });
    const human = await tidemark(['notify', 'test', 'broken']);
    expect(human.exitCode).toBe(1);
    expect(human.stderr).toContain('error: The test through "broken" was not delivered (failed): HTTP 500 Internal Server Error: boom');
  });

  it('list, history and remove; an unknown channel is not_found', async () => {
    const list = await tidemark(['notify', 'list', '--json']);
    expect((JSON.parse(list.stdout) as NotificationChannel[]).map((channel) => [channel.name, channel.kind])).toEqual([
      ['ops', 'webhook'],
      ['broken', 'webhook'],
    ]);
    expect((await tidemark(['notify', 'list'])).stdout).toMatch(/^broken +slack +yes +saved/m);
    const history = JSON.parse((await tidemark(['notify', 'history', '--json'])).stdout) as DeliveryHistoryEntry[];
    expect(history.map((entry) => entry.kind === 'attempt' && entry.result)).toEqual(['failed', 'failed', 'delivered']);
    expect((await tidemark(['notify', 'remove', 'OPS', '--json'])).exitCode).toBe(0);
    const missing = await tidemark(['notify', 'test', 'ops', '--json']);
    expect(missing.exitCode).toBe(1);
    expect(errorOf(missing.stderr)).toMatchObject({ code: 'not_found', hint: 'The channels are: broken.' });
    const bad = await tidemark(['notify', 'add', 'x', '--desktop', '--events', 'backup.exploded']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toContain('Unknown event type backup.exploded');
  });
});
