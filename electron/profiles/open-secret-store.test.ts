import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSecretStore } from './open-secret-store';

// Where there is no Secret Service the store falls back to the pgpass file, fast, and says why.
// Linux only: elsewhere the OS keychain is always there (and this test must not write into it).
const onLinux = process.platform === 'linux';
describe.skipIf(!onLinux)(`choosing the secret store where no keychain answers${onLinux ? '' : ' (skipped: the fallback is a Linux case)'}`, () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'tidemark-store-choice-'));
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('without a D-Bus session picks the pgpass file, says so, and decides quickly', async () => {
    const started = Date.now();
    const store = openSecretStore({ homeDir: home, env: {}, probe: { env: { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'no-bus')}` } } });
    const storage = await store.storage();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(storage).toEqual({
      kind: 'pgpass-file',
      location: join(home, 'pgpass'),
      fallbackReason: expect.stringMatching(/^no OS keychain: the Secret Service .* is not available: .*no-bus/),
    });
    // It works as the pgpass store.
    const profile = {
      id: 'p',
      name: 'p',
      target: { kind: 'params', host: 'db', port: 5432, database: 'd', user: 'u', sslmode: 'prefer' },
      createdAt: '',
      updatedAt: '',
    } as const;
    await store.set(profile, 'pw');
    expect(await store.get(profile)).toBe('pw');
  });

  describe('with a session bus that accepts connections and never answers', () => {
    let bus: Server;
    const sockets = new Set<Socket>();
    beforeEach(async () => {
      bus = createServer((socket) => {
        sockets.add(socket);
        socket.on('error', () => undefined);
      });
      await new Promise<void>((resolve) => bus.listen(join(home, 'silent-bus'), resolve));
    });
    afterEach(async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => bus.close(resolve));
    });

    it('gives up after the probe timeout instead of hanging', async () => {
      const started = Date.now();
      const store = openSecretStore({
        homeDir: home,
        env: {},
        probe: { timeoutMs: 400, env: { DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(home, 'silent-bus')}` } },
      });
      const storage = await store.storage();
      expect(storage.kind).toBe('pgpass-file');
      expect(storage.fallbackReason).toMatch(/did not answer within 400 ms/);
      expect(Date.now() - started).toBeLessThan(3_000);
    });
  });

  it('TIDEMARK_SECRET_STORE=pgpass-file skips the keychain, and says so', async () => {
    const store = openSecretStore({ homeDir: home, env: { TIDEMARK_SECRET_STORE: 'pgpass-file' }, probe: { timeoutMs: 1 } });
    expect(await store.storage()).toMatchObject({ kind: 'pgpass-file', fallbackReason: 'TIDEMARK_SECRET_STORE=pgpass-file' });
  });

  it('refuses a TIDEMARK_SECRET_STORE it does not know', async () => {
    const store = openSecretStore({ homeDir: home, env: { TIDEMARK_SECRET_STORE: 'plaintext' } });
    await expect(store.storage()).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringContaining('TIDEMARK_SECRET_STORE=plaintext') });
  });
});
