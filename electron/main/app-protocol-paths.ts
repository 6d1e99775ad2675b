import { isAppUrl, parseUrl } from './app-origin';

/**
 * The path an `app://` request asks for, still URL-encoded ('/' is the entry page), or null when
 * the request is not for our origin. Reading it is readStaticFile's job (electron/renderer-content/static-files.ts):
 * the same code serves browser mode, and it decodes the path and keeps it inside the renderer folder.
 */
export function appRequestPath(requestUrl: string): string | null {
  if (!isAppUrl(requestUrl)) return null;
  const url = parseUrl(requestUrl);
  if (!url) return null;
  return url.pathname === '/' || url.pathname === '' ? '/index.html' : url.pathname;
}
