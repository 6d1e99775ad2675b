import { createHash } from 'node:crypto';
import { open, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { BackupFile, BrokenFile, ListedFile } from '../../shared/domain/backup';

/** SHA-256 and size of one file, read as a stream (dumps can be far larger than memory). */
export async function sha256File(path: string, options: { fsync?: boolean; signal?: AbortSignal } = {}): Promise<{ sha256: string; sizeBytes: number }> {
  const handle = await open(path, 'r');
  try {
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      sizeBytes += bytesRead;
    }
    // A file is durable only once fsynced; doing it here reuses the open handle.
    if (options.fsync) await handle.sync();
    return { sha256: hash.digest('hex'), sizeBytes };
  } finally {
    await handle.close();
  }
}

/** Every regular file under `dir`, as sorted paths relative to it with forward slashes. */
export async function listFiles(dir: string, options: { exclude?: readonly string[] } = {}): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((path) => !(options.exclude ?? []).includes(path));
  return files.sort();
}

/** Checksums (and optionally fsyncs) every file under `dir`, as manifest entries. */
export async function checksumTree(
  dir: string,
  options: { exclude?: readonly string[]; fsync?: boolean; signal?: AbortSignal; onFile?: (file: BackupFile) => void } = {},
): Promise<BackupFile[]> {
  const files: BackupFile[] = [];
  for (const path of await listFiles(dir, options)) {
    const { sha256, sizeBytes } = await sha256File(join(dir, path), options);
    const file = { path, sizeBytes, sha256 };
    files.push(file);
    options.onFile?.(file);
  }
  return files;
}

/**
 * Checks files against their manifest entries, in manifest order, and returns the first that
 * does not match (missing, another size, another checksum), or null when all match. The size is
 * compared first: a truncated file is caught without reading it. A file listed without a SHA-256
 * (a physical backup's data, checksummed by backup_manifest) is checked for its size only.
 */
export async function findFirstBrokenFile<F extends ListedFile>(
  dir: string,
  files: readonly F[],
  options: { signal?: AbortSignal; onFile?: (file: F, index: number) => void } = {},
): Promise<BrokenFile | null> {
  for (const [index, file] of files.entries()) {
    const path = join(dir, ...file.path.split('/'));
    const info = await stat(path).catch(() => null);
    if (!info || !info.isFile()) return { path: file.path, problem: 'missing' };
    if (info.size !== file.sizeBytes) {
      return { path: file.path, problem: 'size-differs', expected: `${file.sizeBytes} bytes`, actual: `${info.size} bytes` };
    }
    if (file.sha256 === null) {
      options.onFile?.(file, index);
      continue;
    }
    let actual: string;
    try {
      actual = (await sha256File(path, { signal: options.signal })).sha256;
    } catch (error) {
      if (options.signal?.aborted) throw error;
      return { path: file.path, problem: 'unreadable', actual: error instanceof Error ? error.message : String(error) };
    }
    if (actual !== file.sha256) return { path: file.path, problem: 'checksum-differs', expected: file.sha256, actual };
    options.onFile?.(file, index);
  }
  return null;
}

/** "database.dump: SHA-256 differs (expected 3f2a…, found 9c1b…)", for logs and errors. */
export function describeBrokenFile(broken: BrokenFile): string {
  switch (broken.problem) {
    case 'missing':
      return `${broken.path} is missing`;
    case 'size-differs':
      return `${broken.path} has changed size (expected ${broken.expected}, found ${broken.actual})`;
    case 'checksum-differs':
      return `${broken.path} does not match its SHA-256 (expected ${broken.expected?.slice(0, 12)}…, found ${broken.actual?.slice(0, 12)}…)`;
    case 'unreadable':
      return `${broken.path} cannot be read (${broken.actual})`;
  }
}
