import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { TidemarkError } from '../../shared/domain/errors';

/**
 * How Tidemark reaches a recovered copy. Its roles and passwords are the source's, and Tidemark
 * may know none of them (a recovery from the repository alone). So the copy listens on a Unix
 * socket in a folder only the invoking user can enter (mode 0700), and a first pg_hba.conf line
 * trusts local connections: whoever can use that socket already owns the data files. Connections
 * over TCP keep the source's own rules and passwords.
 */

// sun_path holds 107 bytes on Linux (103 on macOS); the socket file is "<dir>/.s.PGSQL.<port>".
const maxSocketPathBytes = 100;

/** The socket folder for a cluster: inside its folder, or a short one under the temp folder when that path is too long. */
export function socketDirFor(clusterFolder: string, clusterId: string): string {
  const preferred = join(clusterFolder, 'socket');
  if (Buffer.byteLength(`${preferred}/.s.PGSQL.65535`) <= maxSocketPathBytes) return preferred;
  const short = createHash('sha256').update(clusterId).digest('hex').slice(0, 12);
  return join(tmpdir(), `tidemark-${process.getuid?.() ?? 'u'}-${short}`);
}

export async function ensureSocketDir(socketDir: string): Promise<void> {
  await mkdir(socketDir, { recursive: true, mode: 0o700 });
}

export const trustLine = 'local all all trust';
const hbaHeader = '# Tidemark: local connections through the private socket folder (mode 0700) are trusted, for the invoking user.';

/** Puts the trust line first in pg_hba.conf (first match wins), keeping the source's rules after it. */
export async function prependLocalTrust(dataDir: string): Promise<void> {
  const path = join(dataDir, 'pg_hba.conf');
  const existing = await readFile(path, 'utf8').catch(() => null);
  if (existing?.split('\n').some((line) => line.trim() === trustLine)) return;
  // A data directory without pg_hba.conf (Debian keeps it in /etc): password logins over loopback.
  const rest = existing ?? 'host all all 127.0.0.1/32 md5\nhost all all ::1/128 md5\n';
  await writeFile(path, `${hbaHeader}\n${trustLine}\n\n${rest}`, { mode: 0o600 });
}

export interface ClusterSocket {
  socketDir: string;
  port: number;
}

/** Connects through the private socket as `user`. */
export async function connectLocal(socket: ClusterSocket, user: string, database: string): Promise<pg.Client> {
  const { default: pgModule } = await import('pg');
  const client = new pgModule.Client({
    host: socket.socketDir,
    port: socket.port,
    user,
    database,
    connectionTimeoutMillis: 5_000,
    application_name: 'Tidemark recovery',
  });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/**
 * The copy's bootstrap superuser (the role with oid 10: every cluster has it). Tidemark has to log
 * in as some existing role to ask; the candidates are the roles it has seen with this cluster.
 */
export async function findSuperuser(socket: ClusterSocket, candidates: readonly (string | null | undefined)[]): Promise<string> {
  const tried = [...new Set([...candidates, 'postgres', userInfo().username].filter((name): name is string => Boolean(name)))];
  let lastError: unknown = null;
  for (const user of tried) {
    for (const database of ['postgres', 'template1']) {
      const client = await connectLocal(socket, user, database).catch((error: unknown) => {
        lastError = error;
        return null;
      });
      if (!client) continue;
      try {
        const { rows } = await client.query<{ rolname: string }>('select rolname from pg_roles where oid = 10');
        return rows[0]?.rolname ?? user;
      } finally {
        await client.end().catch(() => undefined);
      }
    }
  }
  throw new TidemarkError('role_not_found', `Could not log in to the recovered cluster as any known role (${tried.join(', ')}).`, {
    hint: 'Connect with psql through its socket folder as one of its roles.',
    cause: lastError,
  });
}

/** Runs fn with a client on `database` (postgres, else template1) and always ends it. */
export async function withLocalClient<T>(socket: ClusterSocket, user: string, fn: (client: pg.Client) => Promise<T>, database?: string): Promise<T> {
  let client: pg.Client;
  if (database) client = await connectLocal(socket, user, database);
  else client = await connectLocal(socket, user, 'postgres').catch(() => connectLocal(socket, user, 'template1'));
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
