import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { toErrorPayload } from '../../shared/domain/errors';
import { tidemarkHomeDir } from '../settings/tidemark-home';
import { startWebServer } from './web-server';

export { startWebServer, type WebServer, type WebServerOptions } from './web-server';

// `npm run web` / `node dist/web/server.js [--port N]`: browser mode until Ctrl-C.
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write('Usage: node dist/web/server.js [--port N]\nServes Tidemark on 127.0.0.1 (port: --port, else TIDEMARK_WEB_PORT, else a free one).\n');
    return;
  }
  const portText = values.port ?? process.env.TIDEMARK_WEB_PORT ?? '0';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not ${JSON.stringify(portText)}.`);

  const server = await startWebServer({ homeDir: tidemarkHomeDir(), port });
  process.stdout.write(`Tidemark is running at ${server.url}\n`);
  process.stderr.write('Only this address (with its token) opens it. Press Ctrl-C to stop.\n');

  let stopping = false;
  const stop = () => {
    // A repeated signal does not cut the shutdown short: `conf` (through when-exit) re-raises the
    // first SIGTERM/SIGINT itself, and a cluster left half-stopped is worse than a short wait.
    if (stopping) return;
    stopping = true;
    process.stderr.write('Stopping Tidemark (and the clusters it should not leave running)…\n');
    setTimeout(() => {
      process.stderr.write('Still not stopped after 90 s: exiting anyway.\n');
      process.exit(1);
    }, 90_000).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`Error while stopping: ${toErrorPayload(error).message}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Run only as the entry point: tests import startWebServer from here without starting a server.
const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  main().catch((error: unknown) => {
    const { message, hint } = toErrorPayload(error);
    process.stderr.write(`tidemark web: ${message}${hint ? `\n${hint}` : ''}\n`);
    process.exit(1);
  });
}
