// Nothing a channel keeps secret may reach a history line, a log or an error shown to the user:
// webhook and heartbeat URLs carry their secret in the path (Slack's /services/T…/B…/X…,
// healthchecks.io's /<uuid>) or the query, SMTP servers echo logins, fetch errors quote URLs.

const masked = '***';

// Path segments that read as words ("services", "hooks", "start", "v1") are kept so an address
// stays recognisable; anything else in a path may be a token.
const plainSegment = /^(?:[a-z][a-z-]{0,15}|v\d{1,2})$/;

/** A URL with its user info, secret-looking path segments and query values masked, its fragment dropped. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return masked;
  }
  const userInfo = parsed.username || parsed.password ? `${masked}@` : '';
  const path = parsed.pathname
    .split('/')
    .map((segment) => (segment === '' || plainSegment.test(segment) ? segment : masked))
    .join('/');
  const query = [...parsed.searchParams.keys()].map((key) => `${encodeURIComponent(key)}=${masked}`).join('&');
  return `${parsed.protocol}//${userInfo}${parsed.host}${path === '/' ? '' : path}${query ? `?${query}` : ''}`;
}

/** Too short to mask without masking ordinary words too; no secret Tidemark keeps is this short. */
const shortestMaskedSecret = 4;

/**
 * `text` with every URL in it redacted, then every known secret masked (as written, and
 * URL-encoded, as fetch and SMTP servers may quote it).
 */
export function redactText(text: string, secrets: readonly (string | undefined)[] = []): string {
  // A URL in prose ends before the punctuation that follows it ("cannot reach https://…/x: refused").
  let result = text.replace(/\bhttps?:\/\/[^\s"'<>]*[^\s"'<>.,;:!?)\]]/g, (url) => redactUrl(url));
  const spellings = secrets
    .filter((secret): secret is string => typeof secret === 'string' && secret.length >= shortestMaskedSecret)
    .flatMap((secret) => [secret, encodeURIComponent(secret)])
    .sort((a, b) => b.length - a.length);
  for (const secret of spellings) result = result.split(secret).join(masked);
  return result;
}

/** The parts of a URL redactUrl masks (user info, token-like path segments, query values): to mask them wherever else they appear. */
export function urlSecretParts(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [url];
  }
  const segments = parsed.pathname.split('/').filter((segment) => segment !== '' && !plainSegment.test(segment));
  return [url, parsed.username, parsed.password, ...segments.map(decodedOrAsIs), ...parsed.searchParams.values()].filter((part) => part !== '');
}

function decodedOrAsIs(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
