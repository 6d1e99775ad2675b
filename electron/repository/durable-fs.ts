import { open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';

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

/**
 * Appends one line to a log file with a single write (O_APPEND: two processes appending at once
 * never interleave within a line on a local disk) and fsyncs it. A last line torn by a crash is
 * ended first, so it spoils only itself (readers skip it), not the line appended after it.
 */
export async function appendLineDurably(file: string, line: string): Promise<void> {
  const created = !(await stat(file).catch(() => null));
  const handle = await open(file, 'a+', 0o644);
  try {
    const { size } = await handle.stat();
    const last = Buffer.alloc(1);
    const torn = size > 0 && (await handle.read(last, 0, 1, size - 1)).bytesRead === 1 && last[0] !== 0x0a;
    const bytes = Buffer.from((torn ? '\n' : '') + line.replace(/\n/g, ' ') + '\n', 'utf8');
    const { bytesWritten } = await handle.write(bytes);
    if (bytesWritten !== bytes.length) throw new Error(`Only ${bytesWritten} of ${bytes.length} bytes were appended to ${file}.`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (created) await fsyncDir(dirname(file));
}
