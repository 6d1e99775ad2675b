import { open } from 'node:fs/promises';

/**
 * fsyncs a folder, so a rename or a new file in it survives a power cut (POSIX makes the entry
 * durable only when the directory itself is synced). Windows cannot open a folder for sync and
 * NTFS journals the metadata itself, so there it is a no-op.
 */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** True when an error means the disk (or the user's quota) is full. */
export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT') return true;
  const message = error instanceof Error ? error.message : String(error);
  return /No space left on device|Disk quota exceeded/i.test(message);
}
