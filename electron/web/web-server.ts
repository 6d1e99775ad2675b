import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';
import { bridgePath } from '../../shared/contract/bridge-protocol';
import { TidemarkError } from '../../shared/domain/errors';
import { createHandlers } from '../api/handlers';
import { createServices, type Services } from '../api/services';
import { stopClustersOnQuit } from '../clusters/managed-clusters';
import { openSecretStore } from '../profiles/open-secret-store';
import { openFileSettings } from '../settings/settings-store';
import { createAccessToken, tokenMatches } from './access-token';
import { securityHeaders } from '../renderer-content/security-headers';
import { readStaticFile } from '../renderer-content/static-files';
import { serveBridgeConnection } from './websocket-bridge';

export interface WebServerOptions {
  /** The app's data folder (settings, sandbox, repository). */
  homeDir: string;
  /** 0 or absent: a free port chosen by the OS. */
  port?: number;
  /** A loopback address only: browser mode is reached from elsewhere through an SSH tunnel. */
  host?: string;
  /** The built renderer (dist/renderer); found beside the bundle when absent. */
  rendererDir?: string;
  /** Run the schedules while the server is up (default true). */
  runSchedules?: boolean;
}

export interface WebServer {
  /** The address to open, token included. */
  url: string;
  token: string;
  port: number;
  services: Services;
  close(): Promise<void>;
}

const loopbackHosts = new Set(['127.0.0.1', '::1', 'localhost']);
// Requests are small JSON documents; a larger message is not from our renderer.
const maxMessageBytes = 1024 * 1024;

/**
 * Browser mode: the built renderer and a WebSocket bridge to the same services the Electron app
 * runs, on a loopback port. Every page load and WebSocket needs the run's random token, and the
 * WebSocket's Origin must be this server's own, so another site open in the same browser (or a
 * DNS-rebinding page) cannot drive it.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const host = options.host ?? '127.0.0.1';
  if (!loopbackHosts.has(host)) {
    throw new TidemarkError('invalid_input', `Browser mode listens on loopback only, not on ${host}.`, {
      hint: 'To reach it from another machine, forward the port through SSH: ssh -L PORT:127.0.0.1:PORT dbhost.',
    });
  }
  const rendererDir = options.rendererDir ?? findRendererDir();
  const token = createAccessToken();
  const services = createServices({
    host: 'web',
    homeDir: options.homeDir,
    settings: openFileSettings(options.homeDir),
    secrets: openSecretStore({ homeDir: options.homeDir }),
  });
  const handlers = createHandlers(services);
  // Browser mode runs the schedules while it is up, like the app (one runner per repository holds its lease).
  if (options.runSchedules !== false) services.scheduler.startRunner('web');

  const server = createServer();
  const port = await listen(server, options.port ?? 0, host);
  const origin = new URL(`http://${host.includes(':') ? `[${host}]` : host}:${port}`);
  const headers = securityHeaders([`ws://${origin.host}`]);

  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  sockets.on('connection', (socket) => serveBridgeConnection(socket, services, handlers));

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    void servePage(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, headers);
      response.end();
    });
  });

  async function servePage(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.headers.host !== origin.host) {
      // A page on another name that resolves here (DNS rebinding) gets nothing.
      return sendText(response, 421, `Open Tidemark at ${origin.origin}/ (the address it printed).`);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { ...headers, Allow: 'GET, HEAD' });
      return void response.end();
    }
    const url = new URL(request.url ?? '/', origin);
    const isIndex = url.pathname === '/' || url.pathname === '/index.html';
    if (isIndex && !tokenMatches(token, url.searchParams.get('token'))) {
      return sendText(
        response,
        403,
        'This address needs its access token. Open the full address Tidemark printed when it started: http://127.0.0.1:PORT/?token=…',
      );
    }
    // The other files are the public renderer bundle (no secrets): only the page and the bridge
    // need the token.
    const file = await readStaticFile(rendererDir, isIndex ? '/index.html' : url.pathname);
    if (!file) return sendText(response, 404, 'Not found.');
    response.writeHead(200, {
      ...headers,
      'Content-Type': file.contentType,
      'Content-Length': file.body.length,
      'Cache-Control': 'no-cache',
    });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  function sendText(response: ServerResponse, status: number, text: string): void {
    response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(text + '\n');
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const url = new URL(request.url ?? '/', origin);
    if (url.pathname !== bridgePath) return refuseUpgrade(socket, 404, 'Not Found');
    if (request.headers.origin !== origin.origin || request.headers.host !== origin.host) return refuseUpgrade(socket, 403, 'Forbidden');
    if (!tokenMatches(token, url.searchParams.get('token'))) return refuseUpgrade(socket, 403, 'Forbidden');
    sockets.handleUpgrade(request, socket, head, (client) => sockets.emit('connection', client, request));
  });

  let closing: Promise<void> | null = null;
  return {
    url: `${origin.origin}/?token=${token}`,
    token,
    port,
    services,
    close() {
      closing ??= (async () => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        // Runs in progress are cancelled (recorded as interrupted) and the schedules' lease is handed back.
        await services.scheduler.stopRunner();
        // The health pollers close their connections before the clusters they watch stop.
        await services.health.dispose();
        // A job cut short cleans up after itself before its cluster is stopped under it.
        await services.jobs.cancelAll();
        const report = await stopClustersOnQuit(services);
        for (const failure of report.failed) process.stderr.write(`Could not stop cluster ${failure.id}: ${failure.message}\n`);
      })();
      return closing;
    },
  };
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new TidemarkError('port_in_use', `Port ${port} on ${host} is already in use.`, { hint: 'Pass --port 0 to let Tidemark choose a free port.' }));
      } else reject(error);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      if (typeof address === 'object' && address) resolve(address.port);
      else reject(new Error('The web server has no TCP address.'));
    });
  });
}

/** dist/renderer beside the bundle (dist/web/server.js), or from the source tree (tests). */
function findRendererDir(): string {
  const candidates = [new URL('../renderer/', import.meta.url), new URL('../../dist/renderer/', import.meta.url)].map((url) => fileURLToPath(url));
  const found = candidates.find((dir) => existsSync(`${dir}/index.html`));
  if (!found) {
    throw new TidemarkError('not_found', 'The renderer is not built.', { hint: 'Run npm run build first (npm run web does it for you).' });
  }
  return found;
}
