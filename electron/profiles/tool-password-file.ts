import { rmSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPgpassEntry } from './pgpass-file';
import { processIsRunning } from '../repository/process-owner';

/**
 * What a pg tool needs to connect besides its --dbname argument: extra environment (never a
 * password), and the password Tidemark holds for the connection, which reaches the tool only
 * through withToolEnvironment().
 */
export interface ToolCredentials {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The one-off, saved or managed cluster's password; undefined when the tool finds its own (PGPASSWORD, ~/.pgpass, the service file). */
  readonly password: string | undefined;
}

/** What a shown command relies on besides its argv (the plan previews list it). */
export function toolEnvironmentShown(credentials: ToolCredentials): string[] {
  return credentials.password === undefined ? [] : ['PGPASSFILE (a temporary password file, mode 0600, removed after the run; the password is not shown)'];
}

/**
 * Runs `run` with the environment for a pg tool. Tidemark's password goes into a password file
 * (libpq's format, mode 0600, in a private temporary folder) that PGPASSFILE names, not into
 * PGPASSWORD: libpq's documentation advises against PGPASSWORD because on some systems any user can
 * read another process's environment (https://www.postgresql.org/docs/current/libpq-envars.html).
 * PGPASSWORD is unset for the run, since libpq would prefer a stale one to the file. The file is
 * removed when `run` settles, whether it succeeded, failed or was cancelled.
 */
export async function withToolEnvironment<T>(credentials: ToolCredentials, run: (env: Record<string, string | undefined>) => Promise<T>): Promise<T> {
  if (credentials.password === undefined) return run({ ...credentials.env });
  const passwordFile = await createPasswordFile(credentials.password);
  try {
    return await run({ ...credentials.env, PGPASSFILE: passwordFile.path, PGPASSWORD: undefined });
  } finally {
    await passwordFile.remove();
  }
}

const folderPrefix = 'tidemark-pgpass-';
// Folders of this process's runs, removed at exit even when the process ends without settling them.
const liveFolders = new Set<string>();
let exitHookAndSweep: Promise<void> | undefined;

async function createPasswordFile(password: string): Promise<{ path: string; remove(): Promise<void> }> {
  // Any host, port, database and user: the file exists for this one run, and pg_dumpall or
  // pg_basebackup's replication connection reach other databases than --dbname names.
  const line = formatPgpassEntry({ host: '*', port: '*', database: '*', user: '*', password });
  await (exitHookAndSweep ??= startCleanup());
  // mkdtemp makes the folder 0700; the file is created 0600, which libpq requires of it.
  const folder = await mkdtemp(join(tmpdir(), `${folderPrefix}${process.pid}-`));
  liveFolders.add(folder);
  const path = join(folder, 'pgpass');
  try {
    await writeFile(path, `${line}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    await removeFolder(folder);
    throw error;
  }
  return { path, remove: () => removeFolder(folder) };
}

async function removeFolder(folder: string): Promise<void> {
  await rm(folder, { recursive: true, force: true });
  liveFolders.delete(folder);
}

/** Once per process: remove what is left at exit, and what crashed processes of this user left. */
async function startCleanup(): Promise<void> {
  process.once('exit', () => {
    for (const folder of liveFolders) rmSync(folder, { recursive: true, force: true });
  });
  const entries = await readdir(tmpdir()).catch(() => []);
  const uid = process.getuid?.();
  for (const name of entries) {
    const pid = Number(/^tidemark-pgpass-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid || processIsRunning(pid)) continue;
    const folder = join(tmpdir(), name);
    const info = await stat(folder).catch(() => null);
    if (info?.isDirectory() && (uid === undefined || info.uid === uid)) await rm(folder, { recursive: true, force: true }).catch(() => undefined);
  }
}
