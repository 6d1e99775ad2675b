import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncDir } from './durable-fs';

/**
 * Writes a file durably and atomically: a temporary file beside it, fsynced, renamed over the old
 * one, then the folder fsynced, so a crash leaves the old content or the new, never half of either.
 */
export async function writeFileAtomic(file: string, content: string, mode = 0o644): Promise<void> {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  const handle = await open(temporary, 'w', mode);
  try {
    await handle.writeFile(content, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  await fsyncDir(dirname(file));
}

/** writeFileAtomic of a value as indented JSON. */
export function writeJsonAtomic(file: string, value: unknown, mode?: number): Promise<void> {
  return writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n', mode);
}
