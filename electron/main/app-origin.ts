/**
 * Where the renderer lives: `app://tidemark/`, served from the built files by protocol.ts. The
 * window never shows a remote URL or file://, so this origin is the only one trusted anywhere.
 */
export const appScheme = 'app';
export const appHost = 'tidemark';
export const appOrigin = `${appScheme}://${appHost}`;
export const appEntryUrl = `${appOrigin}/index.html`;

/** Parses a URL the way the checks below need it; null when it is not a URL at all. */
export function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** Whether `url` is one of our own pages or files (same scheme, host and no port or credentials). */
export function isAppUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return (
    parsed !== null &&
    parsed.protocol === `${appScheme}:` &&
    parsed.hostname.toLowerCase() === appHost &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
