import { readFile, rename, writeFile } from 'node:fs/promises';
import { formatPgpassEntry, parsePgpass } from '../profiles/pgpass-file';

/**
 * The pgpass-format file beside a managed cluster's data folder that holds its superuser's
 * password. psql and libpq read it through PGPASSFILE; its lines name the port, so it is
 * rewritten whenever the cluster moves to another port.
 */
export interface ClusterCredentials {
  port: number;
  user: string;
  password: string;
}

/** Writes the file whole (through a temporary file, so a reader never sees half of it), mode 0600. */
export async function writeClusterPgpass(file: string, credentials: ClusterCredentials): Promise<void> {
  const { port, user, password } = credentials;
  // One line per host spelling: libpq matches the host field literally, and people type either.
  const lines = ['127.0.0.1', 'localhost'].map((host) => formatPgpassEntry({ host, port: String(port), database: '*', user, password }));
  const pending = `${file}.tmp-${process.pid}`;
  await writeFile(pending, lines.join('\n') + '\n', { mode: 0o600 });
  await rename(pending, file);
}

/** The credentials of the file's first entry, or null when the file is missing or empty. */
export async function readClusterPgpass(file: string): Promise<ClusterCredentials | null> {
  const text = await readFile(file, 'utf8').catch(() => '');
  const entry = parsePgpass(text)[0];
  return entry ? { port: Number(entry.port), user: entry.user, password: entry.password } : null;
}

/** Rewrites the file for a new port, keeping user and password; no file, nothing to do. */
export async function movePgpassToPort(file: string, port: number): Promise<void> {
  const credentials = await readClusterPgpass(file);
  if (credentials) await writeClusterPgpass(file, { ...credentials, port });
}
