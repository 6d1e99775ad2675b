import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fsyncDir } from '../repository/durable-fs';

/**
 * Replaces `path` with `text`, readable by this user only (0600), atomically and durably: a
 * temporary file beside it, created 0600 so the secret is never readable by others, fsynced,
 * renamed over the old one, the folder fsynced. A crash leaves the old file or the new, whole.
 */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const pending = join(dir, `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    const handle = await open(pending, 'wx', 0o600);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The umask cannot widen 0600, but a file system that ignores the mode at creation might.
    await chmod(pending, 0o600);
    await rename(pending, path);
  } catch (error) {
    await rm(pending, { force: true });
    throw error;
  }
  await fsyncDir(dir);
}

/** The file's text, or '' when it does not exist. */
export async function readPrivateFile(path: string): Promise<string> {
  return readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
}

/**
 * The `{ "format": 1, "<field>": { name: string } }` document Tidemark's JSON secret files hold,
 * or null when the text is not one (a file never to be overwritten: it may hold every secret).
 */
export function parseSecretMap(text: string, field: string): Record<string, string> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { format?: unknown }).format !== 1) return null;
  const map: unknown = (parsed as Record<string, unknown>)[field];
  if (typeof map !== 'object' || map === null || Array.isArray(map)) return null;
  return Object.values(map).every((value) => typeof value === 'string') ? (map as Record<string, string>) : null;
}
