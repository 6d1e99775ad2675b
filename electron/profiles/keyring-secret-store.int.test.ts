import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateKeyringUnavailable, startPrivateKeyring, type PrivateKeyring } from '../../test/harness/private-keyring';
import { testCipher, writeAppSecretsFile } from '../../test/support/app-secrets-file';
import { contractProfile, secretStoreContract } from '../../test/support/secret-store-contract';
import { migrateEncryptedSecrets } from '../main/secrets-migration';
import { probeOsKeychain } from './keychain-probe';
import { KeyringSecretStore } from './keyring-secret-store';
import { openSecretStore } from './open-secret-store';
import { PgpassSecretStore } from './pgpass-secret-store';

const unavailable = privateKeyringUnavailable();

/** What another process (plain @napi-rs/keyring, as the CLI or the daemon would) reads for this account. */
async function readInAnotherProcess(account: string): Promise<string | null> {
  const script = `const { Entry } = require('@napi-rs/keyring');
process.stdout.write(JSON.stringify(new Entry('tidemark', process.argv[1], { linux: { store: 'secret-service' } }).getPassword()));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['-e', script, account], { cwd: process.cwd() });
  return JSON.parse(stdout) as string | null;
}

describe.skipIf(unavailable)(
  `the OS keychain for real: gnome-keyring's Secret Service on a private D-Bus${unavailable ? ` (skipped: ${unavailable})` : ''}`,
  () => {
    let keyring: PrivateKeyring;
    let home: string;
    const savedAddress = process.env.DBUS_SESSION_BUS_ADDRESS;

    beforeAll(async () => {
      keyring = await startPrivateKeyring();
      // The native module and every probe child read the session bus from the environment.
      process.env.DBUS_SESSION_BUS_ADDRESS = keyring.address;
      home = await mkdtemp(join(tmpdir(), 'tidemark-keyring-home-'));
    });
    afterAll(async () => {
      if (savedAddress === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
      else process.env.DBUS_SESSION_BUS_ADDRESS = savedAddress;
      await keyring?.stop();
      if (home) await rm(home, { recursive: true, force: true });
    });

    it('the probe finds it, and every host opening the store gets the keychain', async () => {
      expect(await probeOsKeychain()).toEqual({ available: true });
      const storage = await openSecretStore({ homeDir: home, env: {} }).storage();
      expect(storage).toEqual({ kind: 'os-keychain', location: expect.stringContaining('Secret Service'), fallbackReason: null });
    });

    describe('as a SecretStore', () => {
      secretStoreContract(() => new KeyringSecretStore());
    });

    it("files a profile's password under service tidemark, account profile:<id>, where another process reads it, and none in a file", async () => {
      const store = openSecretStore({ homeDir: home, env: {} });
      const profile = contractProfile('shared');
      await store.set(profile, 'pa:ss\\wörd');
      expect(await readInAnotherProcess(`profile:${profile.id}`)).toBe('pa:ss\\wörd');
      await expect(readFile(join(home, 'pgpass'), 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
      await store.delete(profile);
      expect(await readInAnotherProcess(`profile:${profile.id}`)).toBeNull();
    });

    it("moves the Electron app's safeStorage passwords into the keychain, then removes the old file", async () => {
      const cipher = testCipher();
      const file = join(home, 'secrets.json');
      const [a, b] = [contractProfile('app-a'), contractProfile('app-b')];
      await writeAppSecretsFile(file, cipher, { [a.id]: 'saved by the app', [b.id]: 'and another' });
      const store = openSecretStore({ homeDir: home, env: {} });
      const report = await migrateEncryptedSecrets({ file, decrypt: cipher.decrypt, profiles: [a, b], to: store });
      expect(report).toMatchObject({ moved: ['app-a', 'app-b'], failed: [], removedOldFile: true });
      expect(await readInAnotherProcess(`profile:${a.id}`)).toBe('saved by the app');
      expect(await readInAnotherProcess(`profile:${b.id}`)).toBe('and another');
      await expect(readFile(file, 'utf8')).rejects.toMatchObject({ code: 'ENOENT' });
      await Promise.all([store.delete(a), store.delete(b)]);
    });

    it('moves a password an earlier CLI saved in the pgpass file into the keychain when first read', async () => {
      const earlier = new PgpassSecretStore(home);
      const profile = contractProfile('from-the-cli');
      await earlier.set(profile, 'saved by the CLI');
      const store = new KeyringSecretStore(new PgpassSecretStore(home));
      expect(await store.get(profile)).toBe('saved by the CLI');
      expect(await readInAnotherProcess(`profile:${profile.id}`)).toBe('saved by the CLI');
      // The plain-text copy is gone; the keychain answers from now on.
      expect(await earlier.savedPassword(profile)).toBeUndefined();
      expect(await store.get(profile)).toBe('saved by the CLI');
      await store.delete(profile);
    });
  },
);
