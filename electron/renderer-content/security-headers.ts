/**
 * The renderer's security headers, one policy for both shells (the Electron window's app://
 * responses and browser mode's): scripts only from our own files (no inline script, no eval,
 * nothing remote, as in VS Code's workbench.html), inline styles allowed because Mantine sets
 * style attributes at run time, and network access only to `connectSources` (none in Electron,
 * where the renderer reaches the services through window.tidemark; browser mode's own
 * WebSocket bridge otherwise).
 */
export function securityHeaders(connectSources: readonly string[] = []): Record<string, string> {
  const csp = [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    ['connect-src', "'self'", ...connectSources].join(' '),
    // Not covered by default-src: without these a page could re-point relative URLs or post a form away.
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    // Browser mode's address carries the access token: never send it to anyone in a Referer.
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
