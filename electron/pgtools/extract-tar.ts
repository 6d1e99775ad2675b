import type { Writable } from 'node:stream';
import { startProgram, type ProgramOutcome } from './run-tool';

export interface ExtractTarOptions {
  signal?: AbortSignal;
  env?: Record<string, string | undefined>;
  forceKillAfterMs?: number;
  /** Writes the archive into tar's stdin (to hash it on the way); without it tar reads the file itself. */
  feed?: (stdin: Writable) => Promise<void>;
}

export interface TarOutcome extends ProgramOutcome {
  /** The last lines of tar's stderr, or its exit code: why it failed. */
  reason: string;
  /** Why feeding stdin failed (EPIPE when tar stopped early, ENOENT when the file is gone), or null. */
  feedError: unknown;
}

/**
 * Extracts a tar archive (a base backup's base.tar, <oid>.tar or pg_wal.tar, compressed or not)
 * into `into` with the system's tar. GNU tar and bsdtar both take an external decompressor; GNU
 * tar cannot detect lz4 by itself, so the decompressor follows the file name.
 */
export async function extractTar(archive: string, into: string, options: ExtractTarOptions = {}): Promise<TarOutcome> {
  const child = await startProgram('tar', ['-x', ...decompressorArguments(archive), '-f', options.feed ? '-' : archive, '-C', into], {
    signal: options.signal,
    env: options.env,
    forceKillAfterMs: options.forceKillAfterMs,
    stdin: options.feed ? 'pipe' : 'ignore',
    stdout: 'ignore',
  });
  // If tar stops early the pipe breaks (EPIPE); tar's own message says why, in the outcome.
  const feeding = options.feed
    ? options.feed(child.stdin!).then(
        () => null,
        (error: unknown) => error,
      )
    : Promise.resolve(null);
  const outcome = await child.outcome;
  const feedError = await feeding;
  const reason = outcome.stderr.trim().split('\n').slice(-3).join(' ') || `exit code ${outcome.exitCode}`;
  return { ...outcome, reason, feedError };
}

function decompressorArguments(archive: string): string[] {
  if (archive.endsWith('.lz4')) return ['--use-compress-program=lz4'];
  if (archive.endsWith('.zst')) return ['--use-compress-program=zstd'];
  if (archive.endsWith('.gz')) return ['-z'];
  return [];
}
