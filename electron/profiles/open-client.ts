import type pg from 'pg';
import type { Socket } from 'node:net';
import { connectionError, NotPostgresResponse, type AttemptContext } from './connection-errors';
import { connectionTimeoutMs, type ResolvedConnection } from './connection';

// The first byte a PostgreSQL server sends: to an SSLRequest S (yes), N (no) or E (a pre-7.x
// error); to a StartupMessage R (authentication), E (error), v (protocol negotiation) or N (notice).
// Anything else is another protocol (HTTP, SSH, SMTP…), and the handshake would otherwise wait
// for a length that never arrives. https://www.postgresql.org/docs/current/protocol-flow.html
const firstBytesAfterSslRequest = new Set(['S', 'N', 'E'].map((c) => c.charCodeAt(0)));
const firstBytesAfterStartup = new Set(['R', 'E', 'v', 'N'].map((c) => c.charCodeAt(0)));

/**
 * Connects node-postgres for a resolved connection, the way libpq would: sslmode=prefer falls
 * back to a plain connection when the server has no TLS (or its pg_hba.conf refuses TLS), allow
 * retries with TLS when the server requires it. Every failure is a TidemarkError with a specific
 * code (see connection-errors.ts), and no attempt outlives the connect timeout.
 */
export async function openClient(resolved: ResolvedConnection): Promise<pg.Client> {
  try {
    return await attempt(resolved, resolved.clientConfig);
  } catch (first) {
    const retry = fallbackConfig(resolved, first);
    if (!retry) throw first;
    return attempt(resolved, retry);
  }
}

/** Runs fn with a connected client and always ends it. */
export async function withClient<T>(resolved: ResolvedConnection, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await openClient(resolved);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

function fallbackConfig(resolved: ResolvedConnection, first: unknown): pg.ClientConfig | null {
  const { code, message } = first as { code?: string; message?: string };
  // libpq's prefer retries unencrypted when TLS is not offered, fails, or pg_hba.conf has no
  // line for an encrypted connection (a "hostnossl" setup); a wrong password is not retried.
  const hbaRefusedTls = code === 'auth_failed' && /pg_hba\.conf/.test(message ?? '');
  if (resolved.sslmode === 'prefer' && (code === 'tls_refused' || code === 'tls_failed' || hbaRefusedTls)) {
    return { ...resolved.clientConfig, ssl: false };
  }
  if (resolved.sslmode === 'allow' && code === 'tls_required') {
    return { ...resolved.clientConfig, ssl: { rejectUnauthorized: false } };
  }
  return null;
}

async function attempt(resolved: ResolvedConnection, config: pg.ClientConfig): Promise<pg.Client> {
  // Loaded on first connect: commands that never connect (tidemark backups list) start faster.
  const { default: pgModule } = await import('pg');
  const client = new pgModule.Client(config);
  const context: AttemptContext = {
    endpoint: resolved.endpoint,
    sslmode: resolved.sslmode,
    passwordSource: resolved.passwordSource,
    usedTls: Boolean(config.ssl),
    tcpConnected: false,
    bytesReceived: 0,
    timeoutMs: config.connectionTimeoutMillis ?? connectionTimeoutMs,
  };
  // node-postgres's raw socket, before it is wrapped in TLS: watched to tell "not PostgreSQL"
  // apart from a slow server. The listeners are added before connect(), so no byte is missed.
  const socket = (client as unknown as { connection: { stream: Socket } }).connection.stream;
  const expected = config.ssl ? firstBytesAfterSslRequest : firstBytesAfterStartup;
  socket.once('connect', () => (context.tcpConnected = true));
  const onData = (chunk: Buffer) => {
    if (context.bytesReceived === 0 && chunk.length > 0 && !expected.has(chunk[0]!)) {
      socket.destroy(new NotPostgresResponse(chunk));
    }
    context.bytesReceived += chunk.length;
  };
  socket.on('data', onData);
  // An error after connecting (the server going away) must not crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    socket.off('data', onData);
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    throw connectionError(error, context);
  }
}
