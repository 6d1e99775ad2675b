import { mkdir, mkdtemp, readdir, readFile, rm, statfs } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VerificationCheck } from '../../shared/domain/backup';
import type { BasebackupFormat, VerifyBackupResult } from '../../shared/domain/physical';
import { isTidemarkError, TidemarkError } from '../../shared/domain/errors';
import type { ToolInventory } from '../../shared/domain/tools';
import { pickTool } from '../pgtools/discovery';
import { extractTar } from '../pgtools/extract-tar';
import { runTool } from '../pgtools/run-tool';

export interface VerifyOptions {
  pgVerifybackup: string;
  toolVersion: string;
  /** The folder pg_basebackup wrote. */
  dataDir: string;
  format: BasebackupFormat;
  signal?: AbortSignal;
  /** Where a tar backup is extracted to be checked (default: the system's temporary folder). */
  scratchDir?: string;
  onLog?: (line: string) => void;
}

/**
 * pg_verifybackup checks every file against PostgreSQL's backup_manifest (sizes and checksums)
 * and parses the WAL the backup needs. Up to PostgreSQL 17 it reads only plain-format backups
 * (https://www.postgresql.org/docs/15/app-pgverifybackup.html), so a tar backup is extracted into
 * a scratch folder first (tablespaces into pg_tblspc/<oid>, the WAL into pg_wal) and checked
 * there; when the scratch disk lacks room, the result says the backup could not be checked and why.
 */
export async function verifyBasebackup(options: VerifyOptions): Promise<VerifyBackupResult> {
  const checkedAt = () => new Date().toISOString();
  const started = performance.now();
  if (options.format === 'plain') {
    const problems = await pgVerifybackupProblems(options.pgVerifybackup, options.dataDir, { signal: options.signal });
    return problems.length === 0
      ? { status: 'passed', method: 'direct', toolVersion: options.toolVersion, elapsedMs: Math.round(performance.now() - started), checkedAt: checkedAt() }
      : { status: 'failed', method: 'direct', toolVersion: options.toolVersion, problems, checkedAt: checkedAt() };
  }

  const manifestPath = join(options.dataDir, 'backup_manifest');
  const neededBytes = await manifestDataBytes(manifestPath);
  const scratchParent = options.scratchDir ?? tmpdir();
  const free = await statfs(scratchParent).then(
    (s) => s.bavail * s.bsize,
    () => Number.POSITIVE_INFINITY,
  );
  if (neededBytes * 1.1 > free) {
    return {
      status: 'not-checkable',
      reason: `pg_verifybackup ${options.toolVersion.split('.')[0]} reads only plain backups, and extracting this tar backup needs ${Math.ceil(neededBytes / 1e9)} GB in ${scratchParent}, which has ${Math.floor(free / 1e9)} GB free.`,
      checkedAt: checkedAt(),
    };
  }
  const scratch = await mkdtemp(join(scratchParent, 'tidemark-verify-'));
  try {
    options.onLog?.(`Extracting the tar backup into ${scratch} for pg_verifybackup (it reads only plain backups).`);
    try {
      await extractTarBackup(options.dataDir, scratch, options.signal);
    } catch (error) {
      // A tar that cannot be extracted is a damaged backup, not a failure to check it.
      if (options.signal?.aborted || !isTidemarkError(error) || error.code === 'cancelled') throw error;
      return { status: 'failed', method: 'extracted', toolVersion: options.toolVersion, problems: [error.message], checkedAt: checkedAt() };
    }
    const problems = await pgVerifybackupProblems(options.pgVerifybackup, scratch, { manifestPath, signal: options.signal });
    return problems.length === 0
      ? { status: 'passed', method: 'extracted', toolVersion: options.toolVersion, elapsedMs: Math.round(performance.now() - started), checkedAt: checkedAt() }
      : { status: 'failed', method: 'extracted', toolVersion: options.toolVersion, problems, checkedAt: checkedAt() };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** What a job's pg_verifybackup step needs: where the backup is, and the job's voice. */
export interface VerifyStep {
  inventory: ToolInventory;
  /** The backup's server major version: pg_verifybackup must be the same major. */
  serverMajor: number;
  dataDir: string;
  format: BasebackupFormat;
  signal: AbortSignal;
  progress(message: string): void;
  log(level: 'info' | 'error', text: string): void;
}

/**
 * verifyBasebackup as a step of a job (a new backup's, or a re-check of a kept one): picks the
 * tool, says what it does, logs pg_verifybackup's lines and its verdict.
 */
export async function runVerifyStep(step: VerifyStep): Promise<VerifyBackupResult> {
  step.progress(step.format === 'tar' ? 'Extracting and checking with pg_verifybackup.' : 'Checking with pg_verifybackup.');
  const verifier = pickTool(step.inventory, 'pg_verifybackup', step.serverMajor, 'same-major');
  const result = await verifyBasebackup({
    pgVerifybackup: verifier.path,
    toolVersion: verifier.installation.version,
    dataDir: step.dataDir,
    format: step.format,
    signal: step.signal,
    onLog: (line) => step.log('info', line),
  });
  step.log(result.status === 'failed' ? 'error' : 'info', describeVerification(result));
  return result;
}

/** pg_verifybackup's verdict as a check of the verification history the badges read. */
export function pgVerifybackupCheck(result: VerifyBackupResult): VerificationCheck {
  return { kind: 'readable', ok: result.status === 'passed', summary: describeVerification(result) };
}

/**
 * pg_verifybackup's complaints about the plain data directory `dir`, checked against its own
 * backup_manifest or the one at manifestPath; empty when it verified.
 */
export async function pgVerifybackupProblems(
  pgVerifybackup: string,
  dir: string,
  options: { manifestPath?: string; signal?: AbortSignal } = {},
): Promise<string[]> {
  const problems: string[] = [];
  try {
    await runTool(pgVerifybackup, ['--quiet', ...(options.manifestPath ? ['--manifest-path', options.manifestPath] : []), dir], {
      signal: options.signal,
      env: { LC_ALL: 'C', LANG: 'C', LANGUAGE: '' },
      onStderrLine: (line) => {
        if (problems.length < 50) problems.push(line.replace(/^pg_verifybackup: (error: )?/, ''));
      },
    });
    return [];
  } catch (error) {
    if (isTidemarkError(error) && error.code === 'cancelled') throw error;
    return problems.length > 0 ? problems : [(error as Error).message];
  }
}

/** The bytes the backup's files take once extracted, from backup_manifest's "Size" fields. */
async function manifestDataBytes(manifestPath: string): Promise<number> {
  const text = await readFile(manifestPath, 'utf8');
  let total = 0;
  for (const match of text.matchAll(/"Size":\s*(\d+)/g)) total += Number(match[1]);
  // The WAL streamed beside the data (pg_wal.tar) is not in the manifest's file list.
  return total + 64 * 1024 * 1024;
}

/**
 * Extracts base.tar* into `target`, each tablespace's <oid>.tar* into pg_tblspc/<oid>, and
 * pg_wal.tar* into pg_wal. base.tar holds pg_tblspc/<oid> as symbolic links to the server's
 * tablespace folders: they are replaced by real folders before anything is extracted into them,
 * so nothing is ever written through them onto the server's disk.
 */
export async function extractTarBackup(backupDir: string, target: string, signal?: AbortSignal): Promise<void> {
  const files = await readdir(backupDir);
  const base = files.find((name) => /^base\.tar(\.(gz|lz4|zst))?$/.test(name));
  if (!base) throw new TidemarkError('not_found', `${backupDir} holds no base.tar: it is not a tar-format base backup.`);
  await untar(join(backupDir, base), target, signal);
  for (const name of files) {
    const tablespace = /^(\d+)\.tar(\.(gz|lz4|zst))?$/.exec(name);
    if (!tablespace) continue;
    const dir = join(target, 'pg_tblspc', tablespace[1]!);
    await rm(dir, { force: true, recursive: false }).catch(() => undefined);
    await mkdir(dir, { recursive: true });
    await untar(join(backupDir, name), dir, signal);
  }
  const wal = files.find((name) => /^pg_wal\.tar(\.(gz|lz4|zst))?$/.test(name));
  if (wal) {
    await mkdir(join(target, 'pg_wal'), { recursive: true });
    await untar(join(backupDir, wal), join(target, 'pg_wal'), signal);
  }
}

async function untar(archive: string, into: string, signal?: AbortSignal): Promise<void> {
  const result = await extractTar(archive, into, { signal });
  if (signal?.aborted) throw new TidemarkError('cancelled', 'Verification was cancelled.');
  if (result.exitCode !== 0) throw new TidemarkError('tool_failed', `Extracting ${archive} failed: ${result.reason}`);
}

/** pg_verifybackup's verdict in one line, for logs and the CLI. */
export function describeVerification(result: VerifyBackupResult): string {
  switch (result.status) {
    case 'passed':
      return `pg_verifybackup ${result.toolVersion}: every file matches backup_manifest and the WAL parses (${result.method === 'extracted' ? 'checked on an extracted copy' : 'checked in place'}, ${Math.round(result.elapsedMs)} ms).`;
    case 'failed':
      return `pg_verifybackup found problems: ${result.problems.slice(0, 3).join('; ')}`;
    case 'not-checkable':
      return `Not verified: ${result.reason}`;
    case 'skipped':
      return `Not verified: ${result.reason}`;
  }
}
