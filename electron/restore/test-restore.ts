import type { LogicalManifest } from '../../shared/domain/backup';
import { toErrorPayload } from '../../shared/domain/errors';
import { restoreOptionsSchema } from '../../shared/domain/restore';
import type { TestRestoreOutcome } from '../backups/verify-backup';
import type { JobContext } from '../jobs/job-registry';
import { withClient } from '../profiles/open-client';
import type { ServerAccess } from '../profiles/server-access';
import type { RepositoryLayout } from '../repository/layout';
import { accessOfManifestProfile, type ManifestProfileDeps } from './backup-server';
import { runLogicalRestore, type LogicalRestoreDeps } from './logical-restore';
import { dropDatabase, maintenanceConnection } from './target-database';

/** A test restore runs pg_restore on the server named, else on the backup's own profile's. */
export interface TestRestoreDeps extends LogicalRestoreDeps, ManifestProfileDeps {}

/** The scratch database of a test restore: named for the backup, so a leftover says where it came from. */
export function scratchDatabaseName(backupId: string): string {
  return `tidemark_verify_${backupId.slice(-6)}`;
}

/**
 * A verification's test restore (backups/verify-backup.ts calls it, its checksums already verified): the backup
 * restored into a scratch database whose per-table row counts must equal those recorded at backup time (seed 001's
 * verify script, with the counts of every table instead of one). The scratch database is always dropped.
 */
export async function testRestoreBackup(
  deps: TestRestoreDeps,
  backup: { layout: RepositoryLayout; manifest: LogicalManifest; access: ServerAccess | undefined },
  job: JobContext,
): Promise<TestRestoreOutcome> {
  const { layout, manifest } = backup;
  const access = backup.access ?? accessOfManifestProfile(deps, manifest.profile);
  const scratch = scratchDatabaseName(manifest.id);
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
    const errors = result.messages.filter((m) => m.level === 'error').length;
    const ok = result.mismatchedTables === 0 && errors === 0 && result.ignoredErrors === 0;
    return {
      check: {
        kind: 'test-restore',
        ok,
        summary: ok
          ? `restored into ${scratch}: ${result.tables.length} tables, every row count matches`
          : `restored into ${scratch} with ${result.mismatchedTables} table(s) whose row count differs and ${Math.max(errors, result.ignoredErrors)} error(s)`,
      },
      testRestore: { server: result.server, scratchDatabase: scratch, tables: result.tables, problems },
    };
  } catch (error) {
    if (job.signal.aborted) throw error;
    return { check: { kind: 'test-restore', ok: false, summary: `the test restore failed: ${toErrorPayload(error).message}` }, testRestore: null };
  } finally {
    // Always dropped, whatever happened (a restore that failed half way created it already).
    await withClient(await maintenanceConnection(access, scratch), (client) => dropDatabase(client, scratch)).then(
      () => job.log('info', `Dropped ${scratch}.`),
      (error: unknown) => job.log('error', `Could not drop the scratch database ${scratch}: ${toErrorPayload(error).message}`),
    );
  }
}
