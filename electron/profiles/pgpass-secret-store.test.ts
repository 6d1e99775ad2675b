import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { secretStoreContract } from '../../test/support/secret-store-contract';
import type { ConnectionProfile, ConnectionTarget } from '../../shared/domain/profile';
import { parsePgpass, passwordFromPgpassFile } from './pgpass-file';
import { PgpassSecretStore } from './pgpass-secret-store';
import { MemorySecretStore } from './secret-store';

function profile(id: string, target: ConnectionTarget): ConnectionProfile {
  return { id, name: id, target, createdAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z' };
}
const params: ConnectionTarget = { kind: 'params', host: 'db1', port: 5433, database: 'app', user: 'ops', sslmode: 'prefer' };

describe('PgpassSecretStore', () => {
  let home: string;
  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), 'tidemark-secrets-'));
  });
  afterEach(async () => {
    await rm(home, { recursive: true, force: true });
  });

  it('writes a libpq-readable 0600 file with escaped colons and backslashes, one tagged line per profile', async () => {
    const store = new PgpassSecretStore(home);
    await store.set(profile('a', params), 'p:w\\1');
    expect((await stat(join(home, 'pgpass'))).mode & 0o777).toBe(0o600);
    const text = await readFile(join(home, 'pgpass'), 'utf8');
    expect(text).toBe('# tidemark-profile a\ndb1:5433:app:ops:p\\:w\\\\1\n');
    // libpq's own reading of it (the parser Tidemark uses for ~/.pgpass) gives the password back.
    expect(await passwordFromPgpassFile(join(home, 'pgpass'), { host: 'db1', port: 5433, database: 'app', user: 'ops' })).toBe('p:w\\1');
    expect(await store.get(profile('a', params))).toBe('p:w\\1');
  });

  it('keeps profiles with the same endpoint apart, replaces on set, and deletes only its own line', async () => {
    const store = new PgpassSecretStore(home);
    await store.set(profile('a', params), 'one');
    await store.set(profile('b', params), 'two');
    await store.set(profile('a', params), 'three');
    expect(await store.get(profile('a', params))).toBe('three');
    expect(await store.get(profile('b', params))).toBe('two');
    await store.delete(profile('a', params));
    expect(await store.get(profile('a', params))).toBeUndefined();
    expect(await store.get(profile('b', params))).toBe('two');
    expect(parsePgpass(await readFile(join(home, 'pgpass'), 'utf8'))).toHaveLength(1);
  });

  it('keeps lines written by hand, and lets them serve a profile they match', async () => {
    await writeFile(join(home, 'pgpass'), '# mine\ndb1:*:*:ops:handwritten\n', { mode: 0o600 });
    const store = new PgpassSecretStore(home);
    expect(await store.get(profile('a', params))).toBe('handwritten');
    await store.set(profile('b', { ...params, user: 'other' }), 'x');
    await store.delete(profile('b', { ...params, user: 'other' }));
    expect(await readFile(join(home, 'pgpass'), 'utf8')).toBe('# mine\ndb1:*:*:ops:handwritten\n');
  });

  it('keys URI and service targets by what they say, with * for what they leave out', async () => {
    const store = new PgpassSecretStore(home);
    await store.set(profile('u', { kind: 'uri', uri: 'postgresql://me@[::1]/shop' }), 'u-pw');
    await store.set(profile('s', { kind: 'service', service: 'no-such-service-anywhere' }), 's-pw');
    const text = await readFile(join(home, 'pgpass'), 'utf8');
    expect(text).toContain('\\:\\:1:5432:shop:me:u-pw');
    expect(text).toContain('*:*:*:*:s-pw');
    expect(await store.get(profile('s', { kind: 'service', service: 'no-such-service-anywhere' }))).toBe('s-pw');
  });

  it('refuses a password with a line break instead of corrupting the file', async () => {
    const store = new PgpassSecretStore(home);
    await expect(store.set(profile('a', params), 'two\nlines')).rejects.toThrow(/line break/);
  });

  it('keeps named secrets in their own 0600 file, never in the libpq file', async () => {
    const store = new PgpassSecretStore(home);
    await store.set('notification-channel:smtp', 'smtp-pw');
    expect((await stat(join(home, 'named-secrets.json'))).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(join(home, 'named-secrets.json'), 'utf8'))).toEqual({ format: 1, secrets: { 'notification-channel:smtp': 'smtp-pw' } });
    await expect(stat(join(home, 'pgpass'))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await new PgpassSecretStore(home).get('notification-channel:smtp')).toBe('smtp-pw');
    // Written through a temporary file renamed into place: nothing else is left in the folder.
    expect((await readdir(home)).sort()).toEqual(['named-secrets.json']);
  });

  it('refuses to overwrite a named-secrets file it cannot read', async () => {
    await writeFile(join(home, 'named-secrets.json'), '{ not json', { mode: 0o600 });
    const store = new PgpassSecretStore(home);
    await expect(store.set('notification-channel:x', 'v')).rejects.toThrow(/not a Tidemark secrets file/);
    expect(await readFile(join(home, 'named-secrets.json'), 'utf8')).toBe('{ not json');
  });

  it('says which store it is, and why it stands in for the keychain', async () => {
    expect(await new PgpassSecretStore(home, 'no OS keychain: no D-Bus').storage()).toEqual({
      kind: 'pgpass-file',
      location: join(home, 'pgpass'),
      fallbackReason: 'no OS keychain: no D-Bus',
    });
  });

  describe('as a SecretStore', () => {
    secretStoreContract(() => new PgpassSecretStore(home));
  });
});

describe('MemorySecretStore as a SecretStore', () => {
  secretStoreContract(() => new MemorySecretStore());
});
