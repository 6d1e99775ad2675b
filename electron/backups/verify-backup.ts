import { join } from 'node:path';
import { logicalManifestSchema, type LogicalManifest, type Verification, type VerificationCheck, type VerifyResult } from '../../shared/domain/backup';
import { TidemarkError, toErrorPayload } from '../../shared/domain/errors';
import type { JobContext } from '../jobs/job-registry';
import { pickTool } from '../pgtools/discovery';
import type { ToolService } from '../pgtools/tool-service';
import type { ServerAccess } from '../profiles/server-access';
import { describeBrokenFile, findFirstBrokenFile } from '../repository/checksums';
import type { RepositoryLayout } from '../repository/layout';
import { readBackupManifest, updateManifest } from '../repository/manifest';
import { readToc } from './toc';

/** A test restore's verdict: the verification's check, and what the history shows of the restore (null when it failed to run). */
export interface TestRestoreOutcome {
  check: VerificationCheck;
  testRestore: Verification['testRestore'];
}

/**
 * Restores a complete logical backup into a scratch database on `access` (else its own profile's server) and compares
 * every table's row count with the backup's. A test restore is a restore: restore/ provides it (testRestoreBackup) and
 * createServices hands it in, because backups/ sits below restore/.
 */
export type TestRestore = (
  backup: { layout: RepositoryLayout; manifest: LogicalManifest; access: ServerAccess | undefined },
  job: JobContext,
) => Promise<TestRestoreOutcome>;

/** A verification runs pg_restore --list, and the test restore it is handed. */
export interface VerifyBackupDeps {
  readonly tools: ToolService;
  readonly testRestore: TestRestore;
}

/**
 * Verifies a backup: every file against its SHA-256 (reporting the first that differs), the
 * archive read back by pg_restore --list, and optionally a test restore into a scratch database
 * whose per-table row counts must equal those recorded at backup time (seed 001's verify script,
 * with the counts of every table instead of one). The scratch database is always dropped. The
 * result is appended to the manifest's verification history.
 */
export async function verifyBackup(
  deps: VerifyBackupDeps,
  layout: RepositoryLayout,
  backupId: string,
  options: { testRestore: boolean; access?: ServerAccess },
  job: JobContext,
): Promise<VerifyResult> {
  const started = new Date();
  const manifest = await readBackupManifest(layout, backupId, logicalManifestSchema);
  if (manifest.status !== 'complete') throw new TidemarkError('invalid_input', `Backup ${backupId} is ${manifest.status}: there is nothing to verify.`);
  const checks: VerificationCheck[] = [];
  const dir = layout.backupDir(backupId);

  job.progress({ phase: 'checksums', fraction: 0, message: `${manifest.files.length} files` });
  const broken = await findFirstBrokenFile(dir, manifest.files, {
    signal: job.signal,
    onFile: (_file, index) =>
      job.progress({ phase: 'checksums', fraction: (index + 1) / manifest.files.length, message: `${index + 1} of ${manifest.files.length} files` }),
  });
  checks.push(
    broken
      ? { kind: 'checksums', ok: false, summary: describeBrokenFile(broken) }
      : { kind: 'checksums', ok: true, summary: `${manifest.files.length} files match their SHA-256` },
  );
  job.log(broken ? 'error' : 'info', broken ? `First broken file: ${describeBrokenFile(broken)}.` : `${manifest.files.length} files match their SHA-256.`);

  let readable = false;
  if (!broken) {
    job.progress({ phase: 'readable', message: manifest.logical.format === 'plain' ? 'reading the SQL dump' : 'pg_restore --list' });
    try {
      const pgRestore = manifest.logical.format === 'plain' ? null : pickTool(await deps.tools.inventory(), 'pg_restore', null).path;
      const toc = await readToc(pgRestore, join(dir, manifest.logical.dumpPath), manifest.logical.tocHints, job.signal);
      readable = true;
      checks.push({
        kind: 'readable',
        ok: true,
        summary:
          manifest.logical.format === 'plain'
            ? `the SQL dump is complete (${toc.entries.length} objects)`
            : `pg_restore --list read ${toc.entries.length} entries`,
      });
    } catch (error) {
      if (job.signal.aborted) throw error;
      checks.push({ kind: 'readable', ok: false, summary: `the archive cannot be read: ${toErrorPayload(error).message}` });
    }
  }

  let testRestore: Verification['testRestore'] = null;
  if (options.testRestore && !broken && readable) {
    const outcome = await deps.testRestore({ layout, manifest, access: options.access }, job);
    checks.push(outcome.check);
    testRestore = outcome.testRestore;
  }

  const verification: Verification = {
    at: new Date().toISOString(),
    durationMs: Date.now() - started.getTime(),
    ok: checks.every((check) => check.ok),
    checks,
    firstBrokenFile: broken,
    testRestore,
  };
  await updateManifest(layout, backupId, logicalManifestSchema, (current) => ({ ...current, verifications: [...current.verifications, verification] }));
  job.log(
    verification.ok ? 'info' : 'error',
    `Verification ${verification.ok ? 'passed' : 'FAILED'}: ${checks.map((c) => `${c.kind} ${c.ok ? 'ok' : 'failed'}`).join(', ')}.`,
  );
  return { backupId, verification };
}
