import { describe, expect, it } from 'vitest';
import { appContentSecurityPolicy, appSecurityHeaders } from './content-security-policy';

function directives(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .map(([name = '', ...values]) => [name, values.join(' ')]),
  );
}

describe('the CSP of app:// allows our own scripts and nothing remote', () => {
  const policy = directives(appContentSecurityPolicy);

  it('denies by default and allows scripts from our origin only: no inline script, no eval', () => {
    expect(policy.get('default-src')).toBe("'none'");
    expect(policy.get('script-src')).toBe("'self'");
    expect(appContentSecurityPolicy).not.toContain('unsafe-eval');
    expect(policy.get('script-src')).not.toContain('unsafe-inline');
  });

  it('gives the renderer no network: connect-src is our own origin', () => {
    expect(policy.get('connect-src')).toBe("'self'");
    expect(appContentSecurityPolicy).not.toMatch(/https?:|wss?:|\*/);
  });

  it('cannot be framed, re-based or post forms away', () => {
    expect(policy.get('frame-ancestors')).toBe("'none'");
    expect(policy.get('base-uri')).toBe("'none'");
    expect(policy.get('form-action')).toBe("'none'");
  });

  it('is sent with nosniff on every response', () => {
    expect(appSecurityHeaders['Content-Security-Policy']).toBe(appContentSecurityPolicy);
    expect(appSecurityHeaders['X-Content-Type-Options']).toBe('nosniff');
  });
});
