import { expect, it } from 'vitest';
import type { ConnectionProfile } from '../../shared/domain/profile';
import type { SecretStore } from '../../electron/profiles/secret-store';

/** A profile of its own per call (unique id), so a shared store (a real keychain) never sees another test's entry. */
export function contractProfile(label: string, user = 'app'): ConnectionProfile {
  const now = new Date().toISOString();
  return {
    id: `${label}-${Math.random().toString(36).slice(2)}`,
    name: label,
    target: { kind: 'params', host: 'db.example', port: 5432, database: 'app', user, sslmode: 'prefer' },
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * What every SecretStore promises (memory, pgpass file, OS keychain): profiles' passwords and
 * named secrets kept apart, read back exactly, deleted alone. Call inside a describe().
 */
export function secretStoreContract(open: () => SecretStore): void {
  const unique = (name: string) => `test-${name}-${Math.random().toString(36).slice(2)}`;

  it('keeps each profile password apart, replaces it on set, and forgets it on delete', async () => {
    const store = open();
    const [a, b] = [contractProfile('a'), contractProfile('b')];
    await store.set(a, 'pw-a');
    await store.set(b, 'pw-b');
    await store.set(a, 'pw-a2');
    expect(await store.get(a)).toBe('pw-a2');
    expect(await store.get(b)).toBe('pw-b');
    await store.delete(a);
    expect(await store.get(a)).toBeUndefined();
    expect(await store.get(b)).toBe('pw-b');
    await store.delete(b);
    await store.delete(contractProfile('never-saved'));
  });

  it('keeps named secrets (a channel token) apart from profiles, even under the same text', async () => {
    const store = open();
    const name = unique('notification-channel');
    const profile = { ...contractProfile('p'), id: name };
    await store.set(name, 'token: with spaces, colons\\ and ünïcode');
    await store.set(profile, 'the profile password');
    expect(await store.get(name)).toBe('token: with spaces, colons\\ and ünïcode');
    expect(await store.get(profile)).toBe('the profile password');
    await store.delete(name);
    expect(await store.get(name)).toBeUndefined();
    expect(await store.get(profile)).toBe('the profile password');
    await store.delete(profile);
    await store.delete(unique('never-saved'));
  });

  it("refuses names that could stand for a profile's entry, and names with line breaks", async () => {
    const store = open();
    for (const name of ['profile:x', 'probe:1', '', 'two\nlines']) {
      await expect(store.set(name, 'v')).rejects.toMatchObject({ code: 'invalid_input' });
    }
  });

  it('keeps every one of many saves made at once', async () => {
    const store = open();
    const profiles = Array.from({ length: 8 }, (_, i) => contractProfile(`many${i}`));
    const names = profiles.map((p) => unique(p.name));
    await Promise.all([...profiles.map((p, i) => store.set(p, `pw${i}`)), ...names.map((n, i) => store.set(n, `secret${i}`))]);
    for (const [i, p] of profiles.entries()) expect(await store.get(p)).toBe(`pw${i}`);
    for (const [i, n] of names.entries()) expect(await store.get(n)).toBe(`secret${i}`);
    await Promise.all([...profiles.map((p) => store.delete(p)), ...names.map((n) => store.delete(n))]);
  });
}
