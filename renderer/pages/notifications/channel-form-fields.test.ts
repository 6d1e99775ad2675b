import { describe, expect, it } from 'vitest';
import type { NotificationChannel } from '../../../shared/domain/notification';
import { draftFromFields, fieldsFor } from './channel-form-fields';

const savedWebhook: NotificationChannel = {
  kind: 'webhook',
  id: 'abc12345',
  name: 'Ops',
  enabled: true,
  events: ['backup.failed'],
  format: 'slack',
  address: 'https://hooks.slack.com/services/***/***/***',
  createdAt: '2026-11-21T02:00:00.000Z',
  updatedAt: '2026-11-21T02:00:00.000Z',
  secrets: 'saved',
  tokenSaved: true,
};

describe('the channel form', () => {
  it('a new webhook needs its address; an edited one keeps the saved address and token unless told otherwise', () => {
    expect(draftFromFields({ ...fieldsFor(null, 'webhook'), name: 'Ops' }, null)).toEqual({ errors: { url: 'Paste the address the receiver gave you.' } });
    expect(draftFromFields(fieldsFor(savedWebhook), savedWebhook)).toEqual({
      draft: { kind: 'webhook', id: 'abc12345', name: 'Ops', enabled: true, events: ['backup.failed'], format: 'slack' },
    });
    expect(draftFromFields({ ...fieldsFor(savedWebhook), removeToken: true, url: ' https://example.org/new ' }, savedWebhook)).toMatchObject({
      draft: { url: 'https://example.org/new', token: null },
    });
  });

  it("names the field to fix with the contract's own message", () => {
    const result = draftFromFields({ ...fieldsFor(null, 'email'), name: 'Mail', host: 'smtp.example.org', from: 'not an address', to: [] }, null);
    expect(result).toEqual({ errors: { from: 'the sender is an email address', to: 'name at least one recipient' } });
    expect(draftFromFields({ ...fieldsFor(null, 'webhook'), name: 'Hook', url: 'ftp://example.org' }, null)).toEqual({
      errors: { url: 'a webhook address is an http:// or https:// URL' },
    });
  });

  it('an email login without a new password keeps the saved one; no login sends null', () => {
    const fields = {
      ...fieldsFor(null, 'email'),
      name: 'Mail',
      host: 'smtp.example.org',
      port: '465',
      security: 'tls' as const,
      from: 'a@example.org',
      to: ['b@example.org'],
    };
    expect(draftFromFields(fields, null)).toEqual({
      draft: {
        kind: 'email',
        name: 'Mail',
        enabled: true,
        events: fieldsFor(null).events,
        host: 'smtp.example.org',
        port: 465,
        security: 'tls',
        username: null,
        from: 'a@example.org',
        to: ['b@example.org'],
      },
    });
  });
});
