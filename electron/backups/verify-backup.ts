import { join } from 'node:path';
import { logicalManifestSchema, type Verification, type VerificationCheck, type VerifyResult } from '../../shared/domain/backup';
import { TidemarkError, toErrorPayload } from '../../shared/domain/errors';
import { restoreOptionsSchema } from '../../shared/domain/restore';
import type { JobContext } from '../jobs/job-registry';
import { pickTool } from '../pgtools/discovery';
import type { ToolService } from '../pgtools/tool-service';
import type { ConnectionResolver } from '../profiles/connection-resolver';
import type { ProfileStore } from '../profiles/profile-store';
import { withClient } from '../profiles/open-client';
import { describeBrokenFile, findFirstBrokenFile } from '../repository/checksums';
import type { RepositoryLayout } from '../repository/layout';
import { readBackupManifest, updateManifest } from '../repository/manifest';
import { runLogicalRestore } from '../restore/logical-restore';
import { dropDatabase, maintenanceConnection } from '../restore/target-database';
import type { ServerAccess } from '../profiles/server-access';
import { readToc } from './toc';

/** Finding the server of a backup's own profile. */
export interface ManifestProfileDeps {
  readonly profiles: ProfileStore;
  readonly connections: ConnectionResolver;
}

/** A verification runs pg_restore (and, for a test restore, the backup's server unless one is named). */
export interface VerifyBackupDeps extends ManifestProfileDeps {
  readonly tools: ToolService;
}

/** The scratch database of a test restore: named for the backup, so a leftover says where it came from. */
export function scratchDatabaseName(backupId: string): string {
  return `tidemark_verify_${backupId.slice(-6)}`;
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
    const access = options.access ?? accessOfManifestProfile(deps, manifest.profile);
    const scratch = scratchDatabaseName(backupId);
    job.log('info', `Test restore into the scratch database ${scratch}.`);
    try {
      // A scratch database left by a crashed verification of this backup would make the restore fail.
      await withClient(await maintenanceConnection(access, scratch), (client) => dropDatabase(client, scratch));
      const result = await runLogicalRestore(
        deps,
        { layout, manifest, access, target: { kind: 'new', database: scratch }, options: restoreOptionsSchema.parse({}), checksumsVerified: true },
        job,
      );
      const problems = result.messages.filter((m) => m.level !== 'info').map((m) => (m.detail ? `${m.text} (${m.detail.split('\n')[0]})` : m.text));
      testRestore = { server: result.server, scratchDatabase: scratch, tables: result.tables, problems };
      const errors = result.messages.filter((m) => m.level === 'error').length;
      const ok = result.mismatchedTables === 0 && errors === 0 && result.ignoredErrors === 0;
      checks.push({
        kind: 'test-restore',
        ok,
        summary: ok
          ? `restored into ${scratch}: ${result.tables.length} tables, every row count matches`
          : `restored into ${scratch} with ${result.mismatchedTables} table(s) whose row count differs and ${Math.max(errors, result.ignoredErrors)} error(s)`,
      });
    } catch (error) {
      if (job.signal.aborted) throw error;
      checks.push({ kind: 'test-restore', ok: false, summary: `the test restore failed: ${toErrorPayload(error).message}` });
    } finally {
      // Always dropped, whatever happened (a restore that failed half way created it already).
      await withClient(await maintenanceConnection(access, scratch), (client) => dropDatabase(client, scratch)).then(
        () => job.log('info', `Dropped ${scratch}.`),
        (error: unknown) => job.log('error', `Could not drop the scratch database ${scratch}: ${toErrorPayload(error).message}`),
      );
    }
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

/** The server of a backup's own profile, for a test restore when no other is named. */
export function accessOfManifestProfile(deps: ManifestProfileDeps, profile: { id: string; name: string } | null): ServerAccess {
  if (!profile) {
    throw new TidemarkError('invalid_input', 'This backup belongs to no saved profile, so Tidemark does not know which server to restore it on.', {
      hint: 'Name a server: --profile NAME or --conn URI.',
    });
  }
  const saved = deps.profiles.list().find((p) => p.id === profile.id);
  if (!saved) {
    throw new TidemarkError('not_found', `The backup's profile "${profile.name}" no longer exists.`, { hint: 'Name a server: --profile NAME or --conn URI.' });
  }
  return deps.connections.access({ profile: saved });
}
