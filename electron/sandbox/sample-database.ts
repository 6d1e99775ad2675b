import { access, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { TidemarkError } from '../../shared/domain/errors';
import { quoteIdentifier } from '../../shared/domain/sql-identifier';

/**
 * The app's root folder (the one holding package.json and resources/), found by walking up from
 * this module: the sources sit in electron/sandbox/, the bundles in dist/<host>/, and a packaged
 * app keeps the same shape inside its archive. esbuild bundles no .sql, so resources/ is read at
 * run time rather than imported.
 */
export async function appRootDir(fromUrl: string = import.meta.url): Promise<string> {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    if (await exists(join(dir, 'package.json'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new TidemarkError('internal', `Tidemark's app folder (with package.json) was not found above ${fileURLToPath(fromUrl)}.`);
    dir = parent;
  }
}

export async function sampleDatabaseSql(): Promise<string> {
  const file = join(await appRootDir(), 'resources', 'sql', 'sample-database.sql');
  return readFile(file, 'utf8').catch((error: unknown) => {
    throw new TidemarkError('internal', `The sample database script is missing: ${file}.`, { hint: 'Reinstall Tidemark.', cause: error });
  });
}

export interface SampleDatabaseTarget {
  port: number;
  user: string;
  password: string;
  database: string;
  signal?: AbortSignal;
}

/** Creates the database and loads the sample script into it, in one transaction. */
export async function loadSampleDatabase(target: SampleDatabaseTarget): Promise<void> {
  const script = await sampleDatabaseSql();
  await withClient({ ...target, database: 'postgres' }, (client) => client.query(`create database ${quoteIdentifier(target.database)}`));
  await withClient(target, async (client) => {
    await client.query('begin');
    await client.query(script);
    await client.query('commit');
  });
}

async function withClient<T>(target: SampleDatabaseTarget, work: (client: pg.Client) => Promise<T>): Promise<T> {
  target.signal?.throwIfAborted();
  const { default: pgModule } = await import('pg');
  const client = new pgModule.Client({ host: '127.0.0.1', port: target.port, user: target.user, password: target.password, database: target.database });
  // A server stopped under an idle client emits 'error'; unheard, it would crash the process.
  client.on('error', () => undefined);
  // Cancelling closes the connection: the running statement fails and the caller cleans up.
  const onAbort = () => void client.end().catch(() => undefined);
  target.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect();
    return await work(client);
  } catch (error) {
    if (target.signal?.aborted) throw new TidemarkError('cancelled', 'Loading the sample database was cancelled.');
    throw error;
  } finally {
    target.signal?.removeEventListener('abort', onAbort);
    await client.end().catch(() => undefined);
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
