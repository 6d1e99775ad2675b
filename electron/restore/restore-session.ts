import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import type { DatabaseFacts } from '../../shared/domain/backup';
import type { JobContext } from '../jobs/job-registry';
import type { ResolvedConnection } from '../profiles/connection';
import { openClient } from '../profiles/open-client';
import type { ServerAccess } from '../profiles/server-access';
import { createTargetDatabase, dropDatabase, maintenanceConnection } from './target-database';

/**
 * What a restore holds while it runs: the maintenance connection (CREATE and DROP of the target)
 * and a scratch folder for the use-list. A database the session created is dropped again by
 * discardCreatedDatabase() when the restore fails or is cancelled; close() ends the connection,
 * then removes the folder.
 */
export class RestoreSession {
  private created = false;

  private constructor(
    readonly maintenance: ResolvedConnection,
    readonly admin: pg.Client,
    private readonly workDir: string,
    private readonly targetDatabase: string,
  ) {}

  static async open(access: ServerAccess, targetDatabase: string): Promise<RestoreSession> {
    const maintenance = await maintenanceConnection(access, targetDatabase);
    const admin = await openClient(maintenance);
    const workDir = await mkdtemp(join(tmpdir(), 'tidemark-restore-')).catch(async (error: unknown) => {
      await admin.end().catch(() => undefined);
      throw error;
    });
    return new RestoreSession(maintenance, admin, workDir, targetDatabase);
  }

  /** Where a partial restore's selection is written for pg_restore --use-list. */
  get useListPath(): string {
    return join(this.workDir, 'selection.list');
  }

  /** Whether this restore created the target database (and so drops it if it fails). */
  get createdDatabase(): boolean {
    return this.created;
  }

  async createDatabase(facts: DatabaseFacts | null): Promise<{ sql: string; warnings: string[] }> {
    const creation = await createTargetDatabase(this.admin, this.targetDatabase, facts);
    this.created = true;
    return creation;
  }

  /** A cancelled or failed restore into a new database leaves nothing that looks restored. */
  async discardCreatedDatabase(job: JobContext): Promise<void> {
    if (!this.created) return;
    await dropDatabase(this.admin, this.targetDatabase).then(
      () => job.log('warning', `Dropped the new database ${this.targetDatabase}.`),
      (dropError: unknown) => job.log('error', `Could not drop the new database ${this.targetDatabase}: ${(dropError as Error).message}`),
    );
  }

  async close(): Promise<void> {
    await this.admin.end().catch(() => undefined);
    await rm(this.workDir, { recursive: true, force: true });
  }
}
