import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionProfile } from '../../shared/domain/profile';
import { EncryptedSecretsFile, type KeychainCipher } from './encrypted-secrets-file';

/** Stands in for safeStorage: real AES-GCM under a key only this test holds. */
function testKeychain(key = randomBytes(32)): KeychainCipher & { rotated: boolean } {
  return {
    rotated: false,
    async encrypt(plainText) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    async decrypt(cipherText) {
      const decipher = createDecipheriv('aes-256-gcm', key, cipherText.subarray(0, 12));
      decipher.setAuthTag(cipherText.subarray(12, 28));
      const plainText = Buffer.concat([decipher.update(cipherText.subarray(28)), decipher.final()]).toString('utf8');
      return { plainText, shouldReEncrypt: this.rotated };
    },
  };
}

function profile(id: string): ConnectionProfile {
  const now = new Date().toISOString();
  return {
    id,
    name: `profile ${id}`,
    target: { kind: 'params', host: 'db', port: 5432, database: 'app', user: 'app', sslmode: 'prefer' },
    createdAt: now,
    updatedAt: now,
  };
}

let home: string;
let file: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'tidemark-secrets-'));
  file = join(home, 'secrets.json');
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('saved passwords are stored encrypted by the keychain, keyed by profile', () => {
  it('reads back what it saved, and never writes the password itself', async () => {
    const store = new EncryptedSecretsFile(file, testKeychain());
    await store.set(profile('a'), 'correct horse battery staple');
    await store.set(profile('b'), 's3cret-b');
    expect(await store.get(profile('a'))).toBe('correct horse battery staple');
    expect(await store.get(profile('b'))).toBe('s3cret-b');
    expect(await store.get(profile('c'))).toBeUndefined();
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain('correct horse');
    expect(text).not.toContain('s3cret-b');
    expect(Object.keys(JSON.parse(text).encryptedPasswords)).toEqual(['a', 'b']);
    expect(store.kind).toBe('os-keychain');
  });

  it('is readable by this user only', async () => {
    await new EncryptedSecretsFile(file, testKeychain()).set(profile('a'), 'x');
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o077).toBe(0);
  });

  it('forgets a deleted profile and keeps the others', async () => {
    const store = new EncryptedSecretsFile(file, testKeychain());
    await store.set(profile('a'), 'pa');
    await store.set(profile('b'), 'pb');
    await store.delete(profile('a'));
    expect(await store.get(profile('a'))).toBeUndefined();
    expect(await store.get(profile('b'))).toBe('pb');
    await store.delete(profile('never-saved'));
  });

  it('keeps every one of many saves made at once', async () => {
    const store = new EncryptedSecretsFile(file, testKeychain());
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(profile(`p${i}`), `pw${i}`)));
    for (let i = 0; i < 20; i++) expect(await store.get(profile(`p${i}`))).toBe(`pw${i}`);
  });

  it('treats a password another keychain encrypted as gone, not as an error', async () => {
    await new EncryptedSecretsFile(file, testKeychain()).set(profile('a'), 'pa');
    expect(await new EncryptedSecretsFile(file, testKeychain()).get(profile('a'))).toBeUndefined();
  });

  it('re-encrypts a password when the keychain says its key was rotated', async () => {
    const keychain = testKeychain();
    const store = new EncryptedSecretsFile(file, keychain);
    await store.set(profile('a'), 'pa');
    const before = JSON.parse(await readFile(file, 'utf8')).encryptedPasswords.a;
    keychain.rotated = true;
    expect(await store.get(profile('a'))).toBe('pa');
    const after = JSON.parse(await readFile(file, 'utf8')).encryptedPasswords.a;
    expect(after).not.toBe(before);
  });

  it('refuses to overwrite a file it cannot read, so no saved password is lost', async () => {
    await writeFile(file, '{ not json');
    const store = new EncryptedSecretsFile(file, testKeychain());
    await expect(store.set(profile('a'), 'pa')).rejects.toThrow(/not a Tidemark secrets file/);
    expect(await readFile(file, 'utf8')).toBe('{ not json');
  });

  it('does not mistake object built-ins for saved passwords', async () => {
    const store = new EncryptedSecretsFile(file, testKeychain());
    await store.set(profile('a'), 'pa');
    expect(await store.get(profile('constructor'))).toBeUndefined();
    expect(await store.get(profile('__proto__'))).toBeUndefined();
  });
});
