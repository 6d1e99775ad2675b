/**
 * The Content-Security-Policy of every response from `app://`: our own scripts only (no inline
 * script, no eval, nothing remote), as in VS Code's workbench.html. Inline styles are allowed
 * because the component library (Mantine) sets style attributes at run time. `connect-src 'self'`
 * leaves the renderer no network at all: it reaches the services through window.tidemark.
 */
export const appContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  // Not covered by default-src: without these a page could re-point relative URLs or post a form away.
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers on every `app://` response, files and errors alike. */
export const appSecurityHeaders: Readonly<Record<string, string>> = {
  'Content-Security-Policy': appContentSecurityPolicy,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
};
