import { describe, expect, it } from 'vitest';
import { redactText, redactUrl, urlSecretParts } from './redaction';

describe('redactUrl', () => {
  it("masks Slack's token path and keeps the words that say what it is", () => {
    expect(redactUrl('https://hooks.slack.com/services/T0123ABCD/B0456EFGH/x9YzAbCdEfGhIjKlMnOpQrSt')).toBe('https://hooks.slack.com/services/***/***/***');
  });

  it("masks a healthchecks.io check's uuid, keeps the signal", () => {
    expect(redactUrl('https://hc-ping.com/8f1c1e8e-0d5b-4a57-9b8e-6f1d2c3b4a59/start')).toBe('https://hc-ping.com/***/start');
  });

  it('masks user info and query values, keeps the query keys, drops the fragment', () => {
    expect(redactUrl('https://bot:s3cr3t@example.org:8443/v1/hook?token=abc123&channel=ops#x')).toBe(
      'https://***@example.org:8443/v1/hook?token=***&channel=***',
    );
  });

  it('an address that is not a URL is masked whole', () => {
    expect(redactUrl('not a url with a secret')).toBe('***');
  });
});

describe('redactText', () => {
  it('masks every known secret, as written and URL-encoded', () => {
    const password = 'p@ss:w/rd 42';
    const text = `535 login failed for p@ss:w/rd 42 (sent ${encodeURIComponent(password)})`;
    expect(redactText(text, [password])).toBe('535 login failed for *** (sent ***)');
  });

  it('redacts URLs quoted in an error, and the secret parts of a URL wherever they appear', () => {
    const url = 'https://hooks.example.org/hook/Zk93LmQpXr7';
    const text = `cannot reach ${url}: refused; the receiver said "unknown hook Zk93LmQpXr7"`;
    expect(redactText(text, urlSecretParts(url))).toBe('cannot reach https://hooks.example.org/hook/***: refused; the receiver said "unknown hook ***"');
  });

  it('leaves short strings alone rather than mask ordinary words', () => {
    expect(redactText('attempt 1 of 12', ['1', 'of'])).toBe('attempt 1 of 12');
  });
});
