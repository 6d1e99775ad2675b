import { join } from 'node:path';
import type { Verification, VerificationCheck, VerifyResult } from '../../shared/domain/backup';
import { TidemarkError } from '../../shared/domain/errors';
import { isCompletePhysical, physicalManifestSchema } from '../../shared/domain/physical';
import { majorVersionOf } from '../../shared/domain/server';
import type { JobContext } from '../jobs/job-registry';
import type { ToolService } from '../pgtools/tool-service';
import { describeBrokenFile, findFirstBrokenFile } from '../repository/checksums';
import type { RepositoryLayout } from '../repository/layout';
import { readBackupManifest, updateManifest } from '../repository/manifest';
import { pgVerifybackupCheck, runVerifyStep } from './verify-backup';

/**
 * Re-checks a base backup kept in the repository, for damage since it was taken: every file
 * Tidemark's manifest lists is there with its size (and its SHA-256 where one is recorded: the
 * streamed WAL and backup_manifest), then pg_verifybackup checks the data against PostgreSQL's
 * backup_manifest and parses the WAL (a tar backup on an extracted copy). The result is appended to
 * the manifest's verification history and becomes the backup's pg_verifybackup verdict, which
 * recovery planning shows.
 */
export async function verifyStoredPhysicalBackup(
  deps: { readonly tools: ToolService },
  layout: RepositoryLayout,
  backupId: string,
  job: JobContext,
): Promise<VerifyResult> {
  const started = Date.now();
  const manifest = await readBackupManifest(layout, backupId, physicalManifestSchema);
  if (!isCompletePhysical(manifest)) throw new TidemarkError('invalid_input', `Backup ${backupId} is ${manifest.status}: there is nothing to verify.`);
  const dir = layout.backupDir(backupId);
  const checks: VerificationCheck[] = [];

  job.progress({ phase: 'checksums', fraction: 0, message: `${manifest.files.length} files` });
  const broken = await findFirstBrokenFile(dir, manifest.files, {
    signal: job.signal,
    onFile: (_file, index) => {
      if (index % 100 === 99 || index === manifest.files.length - 1) {
        job.progress({ phase: 'checksums', fraction: (index + 1) / manifest.files.length, message: `${index + 1} of ${manifest.files.length} files` });
      }
    },
  });
  const hashed = manifest.files.filter((file) => file.sha256 !== null).length;
  checks.push(
    broken
      ? { kind: 'checksums', ok: false, summary: describeBrokenFile(broken) }
      : { kind: 'checksums', ok: true, summary: `${manifest.files.length} files present with their sizes, ${hashed} of them match their SHA-256` },
  );
  job.log(broken ? 'error' : 'info', broken ? `First broken file: ${describeBrokenFile(broken)}.` : checks[0]!.summary + '.');

  const { physical } = manifest;
  const result = await runVerifyStep({
    inventory: await deps.tools.inventory(),
    serverMajor: majorVersionOf(physical.serverVersionNum),
    dataDir: join(dir, ...physical.dataPath.split('/').filter(Boolean)),
    format: physical.format,
    signal: job.signal,
    progress: (message) => job.progress({ phase: 'verifying', message }),
    log: (level, text) => job.log(level, text),
  });
  checks.push(pgVerifybackupCheck(result));

  const verification: Verification = {
    at: new Date().toISOString(),
    durationMs: Date.now() - started,
    ok: checks.every((check) => check.ok),
    checks,
    firstBrokenFile: broken,
    testRestore: null,
  };
  await updateManifest(layout, backupId, physicalManifestSchema, (current) => ({
    ...current,
    verifications: [...current.verifications, verification],
    physical: { ...current.physical, verification: result },
  }));
  job.log(verification.ok ? 'info' : 'error', `Verification ${verification.ok ? 'passed' : 'FAILED'}.`);
  return { backupId, verification };
}
