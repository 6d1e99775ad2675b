import { securityHeaders } from '../renderer-content/security-headers';

/**
 * Headers on every `app://` response, files and errors alike: the renderer's one policy
 * (electron/renderer-content/security-headers.ts) with no connect source beyond 'self', so the renderer has
 * no network at all and reaches the services through window.tidemark.
 */
export const appSecurityHeaders: Readonly<Record<string, string>> = securityHeaders();

export const appContentSecurityPolicy = appSecurityHeaders['Content-Security-Policy']!;
