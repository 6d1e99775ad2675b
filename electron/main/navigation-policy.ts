import { isAppUrl, parseUrl } from './app-origin';

/**
 * Where the app may go. A window shows only our own pages: a link or script that tries to take it
 * anywhere else is stopped (Electron security checklist, "Disable or limit navigation"), so a
 * compromised page cannot load remote content with the preload's API in reach.
 */
export function isAllowedNavigation(url: string): boolean {
  return isAppUrl(url);
}

/**
 * What may leave the app for the user's browser: https links only. file:, smb:, custom
 * protocol handlers and plain http are refused, because shell.openExternal hands the URL to the
 * OS, which may run a program for it (Electron checklist, "Do not use shell.openExternal with
 * untrusted content").
 */
export function isOpenableExternally(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && parsed.protocol === 'https:' && parsed.hostname !== '' && parsed.username === '' && parsed.password === '';
}

/** How a refused URL appears in the log: its scheme only, since a URL may carry a password or a token. */
export function describeUrlForLog(url: string): string {
  const parsed = parseUrl(url);
  return parsed ? `a ${parsed.protocol} URL` : 'an unparseable URL';
}
