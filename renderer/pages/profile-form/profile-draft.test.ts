import { describe, expect, it } from 'vitest';
import type { ProfileView } from '../../../shared/domain/profile';
import { draftFieldsFor, nameError, passwordChange, targetFromDraft } from './profile-draft';

const saved: ProfileView = {
  id: 'p1',
  name: 'orders',
  target: { kind: 'params', host: 'db.example.com', port: 6432, database: 'orders', user: 'backup', sslmode: 'verify-full', sslrootcert: '/etc/ca.crt' },
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  passwordSaved: true,
  secretStorage: 'os-keychain',
  summary: 'db.example.com:6432/orders as backup',
};

describe('the profile form draft', () => {
  it('round-trips a saved profile through the form fields', () => {
    expect(targetFromDraft(draftFieldsFor(saved))).toEqual({ target: saved.target, errors: null });
  });

  it('names the fields that are wrong, in words', () => {
    const result = targetFromDraft({ ...draftFieldsFor(null), host: ' ', port: '70000', user: '' });
    expect(result.target).toBeNull();
    expect(result.errors).toMatchObject({ host: 'Required.', port: 'A port is a number from 1 to 65535.', user: 'Required.' });
  });

  it('checks a URI and a service by the contract schema', () => {
    expect(targetFromDraft({ ...draftFieldsFor(null), kind: 'uri', uri: 'mysql://x' }).errors?.uri).toMatch(/postgres/);
    expect(targetFromDraft({ ...draftFieldsFor(null), kind: 'service', service: 'prod', serviceDatabase: '' })).toEqual({
      target: { kind: 'service', service: 'prod' },
      errors: null,
    });
  });

  it('stores a typed password, forgets a saved one when unticked, and otherwise keeps it', () => {
    const fields = draftFieldsFor(saved);
    expect(passwordChange({ ...fields, password: 'new' }, saved)).toBe('new');
    expect(passwordChange({ ...fields, savePassword: false }, saved)).toBeNull();
    expect(passwordChange(fields, saved)).toBeUndefined();
    expect(passwordChange({ ...draftFieldsFor(null), password: 'typed', savePassword: false }, null)).toBeUndefined();
  });

  it('needs a name', () => {
    expect(nameError('')).toBeTruthy();
    expect(nameError('orders production')).toBeNull();
  });
});
