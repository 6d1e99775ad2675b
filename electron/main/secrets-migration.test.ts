import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionProfile } from '../../shared/domain/profile';
import { PgpassSecretStore } from '../profiles/pgpass-secret-store';
import { MemorySecretStore } from '../profiles/secret-store';
import { testCipher, writeAppSecretsFile } from '../../test/support/app-secrets-file';
import { migrateEncryptedSecrets } from './secrets-migration';

function profile(id: string, user = 'app'): ConnectionProfile {
  const now = new Date().toISOString();
  return {
    id,
    name: `profile ${id}`,
    target: { kind: 'params', host: 'db', port: 5432, database: 'app', user, sslmode: 'prefer' },
    createdAt: now,
    updatedAt: now,
  };
}

let home: string;
let file: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'tidemark-migration-'));
  file = join(home, 'secrets.json');
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

describe("moving the Electron app's safeStorage passwords into the one secret store", () => {
  it('moves every password, reads each back, and only then removes the old file', async () => {
    const cipher = testCipher();
    await writeAppSecretsFile(file, cipher, { a: 'correct horse', b: 'p:w\\1', gone: 'of a deleted profile' });
    expect(await readFile(file, 'utf8')).not.toContain('correct horse');
    const store = new PgpassSecretStore(home);
    const report = await migrateEncryptedSecrets({ file, decrypt: cipher.decrypt, profiles: [profile('a'), profile('b', 'ops')], to: store });
    expect(report).toEqual({ moved: ['profile a', 'profile b'], keptExisting: [], orphaned: 1, failed: [], removedOldFile: true });
    expect(await store.get(profile('a'))).toBe('correct horse');
    expect(await store.get(profile('b', 'ops'))).toBe('p:w\\1');
    expect(await exists(file)).toBe(false);
    // The next start finds nothing to move.
    expect(await migrateEncryptedSecrets({ file, decrypt: cipher.decrypt, profiles: [profile('a')], to: store })).toBeNull();
  });

  it('keeps the old file while any entry cannot be moved, and moves the rest', async () => {
    const cipher = testCipher();
    // safeStorage took any string; a pgpass line cannot hold a line break.
    await writeAppSecretsFile(file, cipher, { a: 'fine', b: 'two\nlines' });
    const store = new PgpassSecretStore(home);
    const first = await migrateEncryptedSecrets({ file, decrypt: cipher.decrypt, profiles: [profile('a'), profile('b', 'ops')], to: store });
    expect(first).toMatchObject({
      moved: ['profile a'],
      failed: [{ profile: 'profile b', reason: expect.stringMatching(/line break/) }],
      removedOldFile: false,
    });
    expect(await exists(file)).toBe(true);
    expect(await store.get(profile('a'))).toBe('fine');
    // Tried again at the next start: what moved is found in the store, the other still fails, nothing is lost.
    const again = await migrateEncryptedSecrets({ file, decrypt: cipher.decrypt, profiles: [profile('a'), profile('b', 'ops')], to: store });
    expect(again).toMatchObject({ moved: [], keptExisting: ['profile a'], removedOldFile: false });
    expect(await exists(file)).toBe(true);
  });

  it('keeps the old file when a password cannot be decrypted (another keychain wrote it)', async () => {
    await writeAppSecretsFile(file, testCipher(), { a: 'pa' });
    const report = await migrateEncryptedSecrets({ file, decrypt: testCipher().decrypt, profiles: [profile('a')], to: new MemorySecretStore() });
    expect(report).toMatchObject({ moved: [], failed: [{ profile: 'profile a' }], removedOldFile: false });
    expect(await exists(file)).toBe(true);
  });

  it('keeps a password the CLI or browser mode saved since, rather than the older copy', async () => {
    const cipher = testCipher();
    await writeAppSecretsFile(file, cipher, { a: 'from the app' });
    const store = new MemorySecretStore();
    await store.set(profile('a'), 'from the CLI');
    const report = await migrateEncryptedSecrets({ file, decrypt: cipher.decrypt, profiles: [profile('a')], to: store });
    expect(report).toMatchObject({ moved: [], keptExisting: ['profile a'], removedOldFile: true });
    expect(await store.get(profile('a'))).toBe('from the CLI');
  });

  it('refuses a file that is not one of ours, and leaves it alone', async () => {
    await writeFile(file, '{ not json');
    await expect(migrateEncryptedSecrets({ file, decrypt: testCipher().decrypt, profiles: [], to: new MemorySecretStore() })).rejects.toThrow(
      /not a Tidemark secrets file/,
    );
    expect(await readFile(file, 'utf8')).toBe('{ not json');
  });
});
