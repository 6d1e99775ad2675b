import { protocol } from 'electron';
import { readStaticFile } from '../renderer-content/static-files';
import { appScheme } from './app-origin';
import { appRequestPath } from './app-protocol-paths';
import { appSecurityHeaders } from './content-security-policy';

/**
 * Declares `app://` before `ready` (Electron allows it only then). Standard and secure give it
 * real origins, relative URLs and a secure context, like https; corsEnabled lets Vite's
 * `<script type="module" crossorigin>` load from it.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: appScheme, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } },
  ]);
}

/** Serves the built renderer (`rendererDir`) at `app://tidemark/`, read-only, with the CSP on every response. */
export function serveRendererFiles(rendererDir: string): void {
  protocol.handle(appScheme, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plainResponse(405, 'Method not allowed');
    const path = appRequestPath(request.url);
    const file = path === null ? null : await readStaticFile(rendererDir, path);
    if (!file) return plainResponse(404, 'Not found');
    const headers = { ...appSecurityHeaders, 'Content-Type': file.contentType, 'Cache-Control': 'no-cache' };
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(file.body), { status: 200, headers });
  });
}

function plainResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...appSecurityHeaders, 'Content-Type': 'text/plain; charset=utf-8' } });
}
