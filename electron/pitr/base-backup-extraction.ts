import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { TidemarkError } from '../../shared/domain/errors';
import type { ListedFile } from '../../shared/domain/backup';
import { extractTar } from '../pgtools/extract-tar';
import { runProgram } from '../pgtools/run-tool';
import { pgVerifybackupProblems } from '../physical/verify-backup';
import { baseTarPattern, compressionOfFile, walTarPattern, type RecoverableBaseBackup } from './base-backup-catalog';
import { recoveryError } from './recovery-problems';

export interface ExtractionOptions {
  /** Checks the extracted data directory against the backup's backup_manifest. */
  pgVerifybackup: string;
  signal: AbortSignal;
  /** Bytes of backup files read so far, of the total. */
  onBytes(doneBytes: number, totalBytes: number): void;
  /** Every byte is in place; the check with pg_verifybackup starts (it reports no progress). */
  onChecking(message: string): void;
  log(text: string): void;
}

/**
 * Puts a base backup into an empty data directory: a tar backup's base.tar (and its pg_wal.tar into
 * pg_wal/) through the native tar with the matching decompressor, a plain backup copied with cp -a.
 * Then pg_verifybackup checks what landed there against PostgreSQL's backup_manifest (every file's
 * size and checksum) and parses the WAL the backup needs, so a damaged backup or a bad copy stops
 * the recovery before a server starts on it. A tar whose SHA-256 Tidemark recorded as a whole
 * (backups taken before backup_manifest carried SHA-256s) is also checked as it streams into tar.
 * The repository is only read.
 */
export async function extractBaseBackup(backup: RecoverableBaseBackup, dataDir: string, options: ExtractionOptions): Promise<void> {
  if (backup.manifest.physical.format === 'plain') await copyPlainBackup(backup, dataDir, options);
  else await extractTarBackup(backup, dataDir, options);
  const checking = 'Checking the extracted files against backup_manifest with pg_verifybackup.';
  options.log(checking);
  options.onChecking(checking);
  const problems = await pgVerifybackupProblems(options.pgVerifybackup, dataDir, {
    manifestPath: join(backup.dataDir, 'backup_manifest'),
    signal: options.signal,
  });
  if (options.signal.aborted) throw new TidemarkError('cancelled', 'The recovery was cancelled.');
  if (problems.length > 0) {
    throw recoveryError({ kind: 'backup-failed-verification', backupId: backup.id, problem: `pg_verifybackup: ${problems.slice(0, 3).join('; ')}` });
  }
}

async function extractTarBackup(backup: RecoverableBaseBackup, dataDir: string, options: ExtractionOptions): Promise<void> {
  const base = backup.files.find((file) => baseTarPattern.test(file.path));
  if (!base) throw recoveryError({ kind: 'backup-failed-verification', backupId: backup.id, problem: 'it has no base.tar' });
  const wal = backup.files.find((file) => walTarPattern.test(file.path));
  const total = base.sizeBytes + (wal?.sizeBytes ?? 0);
  let done = 0;
  const onChunk = (bytes: number) => {
    done += bytes;
    options.onBytes(done, total);
  };
  options.log(`Extracting ${base.path} (${formatMegabytes(base.sizeBytes)}) into ${dataDir}.`);
  await streamIntoTar(backup, base, dataDir, options.signal, onChunk);
  if (wal) {
    const walDir = join(dataDir, 'pg_wal');
    await mkdir(walDir, { recursive: true, mode: 0o700 });
    options.log(`Extracting ${wal.path} (${formatMegabytes(wal.sizeBytes)}) into pg_wal: the WAL the backup needs to become consistent.`);
    await streamIntoTar(backup, wal, walDir, options.signal, onChunk);
  }
}

async function streamIntoTar(
  backup: RecoverableBaseBackup,
  file: ListedFile,
  into: string,
  signal: AbortSignal,
  onChunk: (bytes: number) => void,
): Promise<void> {
  const hash = createHash('sha256');
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      onChunk(chunk.length);
      callback(null, chunk);
    },
  });
  const result = await extractTar(file.path, into, {
    signal,
    forceKillAfterMs: 2_000,
    env: { LC_ALL: 'C' },
    feed: (stdin) => pipeline(createReadStream(join(backup.dir, ...file.path.split('/')), { highWaterMark: 1 << 20 }), meter, stdin),
  });
  const fed = result.feedError;
  if (signal.aborted) throw new TidemarkError('cancelled', 'The recovery was cancelled.');
  if (result.exitCode !== 0) {
    if (result.notFound) throw new TidemarkError('tool_missing', `${compressionOfFile(file.path) === 'zstd' ? 'zstd' : 'tar'} is not installed.`);
    throw recoveryError({ kind: 'backup-failed-verification', backupId: backup.id, problem: `${file.path} could not be extracted (${result.reason})` });
  }
  if (fed instanceof Error && (fed as NodeJS.ErrnoException).code === 'ENOENT') {
    throw recoveryError({ kind: 'backup-failed-verification', backupId: backup.id, problem: `${file.path} is missing` });
  }
  const actual = hash.digest('hex');
  if (file.sha256 !== null && actual !== file.sha256) {
    throw recoveryError({
      kind: 'backup-failed-verification',
      backupId: backup.id,
      problem: `${file.path} does not match its SHA-256 (expected ${file.sha256.slice(0, 12)}…, found ${actual.slice(0, 12)}…)`,
    });
  }
}

async function copyPlainBackup(backup: RecoverableBaseBackup, dataDir: string, options: ExtractionOptions): Promise<void> {
  const total = backup.manifest.totalBytes;
  options.log(`Copying the plain data directory (${formatMegabytes(total)}) into ${dataDir}.`);
  const result = await runProgram('cp', ['-a', '--', `${backup.dataDir}/.`, dataDir], { signal: options.signal, forceKillAfterMs: 2_000 });
  if (options.signal.aborted) throw new TidemarkError('cancelled', 'The recovery was cancelled.');
  if (result.exitCode !== 0) throw new TidemarkError('tool_failed', `Copying the backup failed: ${result.stderr.trim().split('\n').slice(-2).join(' ')}`);
  options.onBytes(total, total);
}

function formatMegabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
