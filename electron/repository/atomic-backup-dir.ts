import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TidemarkError } from '../../shared/domain/errors';
import { anyManifestSchema, type AnyManifest, type BackupFile, type ListedFile } from '../../shared/domain/backup';
import { checksumTree } from './checksums';
import { fsyncDir, isDiskFull } from './durable-fs';
import { pendingPrefix, trashPrefix, type RepositoryLayout } from './layout';
import { manifestFileName, readManifest, writeManifest } from './manifest';
import { defaultStaleAfterMs, ownerFileIsAlive, startHeartbeat, thisProcess } from './process-owner';

export interface CommitOptions {
  signal?: AbortSignal;
  onFile?: (file: BackupFile) => void;
}

/** Lists a pending folder's files (but `exclude`, Tidemark's own) as the manifest will. */
export type FileCatalog = (dir: string, exclude: readonly string[]) => Promise<ListedFile[]>;

const ownerFileName = '.owner.json';
/** Files in a pending folder that are Tidemark's bookkeeping, not the backup's data. */
const tidemarkFiles = [manifestFileName, ownerFileName];
/**
 * A backup being written: files go into `<repo>/backups/.tmp-<id>/`, and the backup appears
 * under its id only after every file is fsynced and checksummed and its manifest written. If the
 * process dies first, the folder keeps a failure record written at creation, which the next
 * sweep publishes (status failed) after removing the partial data.
 */
export class PendingBackupDir {
  private stopHeartbeat: (() => void) | null = null;
  private finished = false;

  private constructor(
    readonly layout: RepositoryLayout,
    readonly backupId: string,
    /** Where the tool writes: the pending folder. */
    readonly path: string,
  ) {}

  /**
   * Creates the pending folder. `interruptedRecord` is what the history shows if the process
   * dies before commit() or abandon(): the backup's manifest with status failed and no files.
   */
  static async create(layout: RepositoryLayout, backupId: string, interruptedRecord: AnyManifest): Promise<PendingBackupDir> {
    const path = layout.pendingBackupDir(backupId);
    await mkdir(layout.backupsDir, { recursive: true });
    await mkdir(path).catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EEXIST' ? new TidemarkError('conflict', `A backup ${backupId} is already being written.`) : error;
    });
    const pending = new PendingBackupDir(layout, backupId, path);
    try {
      // Who writes it, so a sweep never removes a pending backup a live process is writing.
      await writeFile(join(path, ownerFileName), JSON.stringify(thisProcess()) + '\n');
      await writeManifest(path, anyManifestSchema.parse({ ...interruptedRecord, status: 'failed', files: [], totalBytes: 0 }));
      await fsyncDir(layout.backupsDir);
    } catch (error) {
      await rm(path, { recursive: true, force: true });
      throw asDiskFullError(error, layout.root);
    }
    pending.stopHeartbeat = startHeartbeat(join(path, ownerFileName));
    return pending;
  }

  /**
   * Fsyncs and checksums every file, writes the manifest `build` makes from the checksums, and
   * renames the folder into place. Returns the manifest as written.
   */
  async commit<M extends AnyManifest>(build: (files: BackupFile[]) => M | Promise<M>, options: CommitOptions = {}): Promise<M> {
    return this.seal(async () => {
      const files = await checksumTree(this.path, { exclude: tidemarkFiles, fsync: true, ...options });
      await fsyncTree(this.path);
      return files;
    }, build);
  }

  /**
   * commit() for files the caller lists and checksums itself, and vouches are already on disk,
   * folders included: a tool that syncs what it writes (pg_basebackup) wrote them. The manifest
   * and the backup's own folder are still synced here.
   */
  async commitCatalogued<M extends AnyManifest>(catalog: FileCatalog, build: (files: ListedFile[]) => M | Promise<M>): Promise<M> {
    return this.seal(() => catalog(this.path, tidemarkFiles), build);
  }

  private async seal<F extends ListedFile, M extends AnyManifest>(list: () => Promise<F[]>, build: (files: F[]) => M | Promise<M>): Promise<M> {
    this.assertOpen();
    try {
      const files = await list();
      const manifest = await build(files);
      await writeManifest(this.path, manifest);
      await rm(join(this.path, ownerFileName), { force: true });
      await fsyncDir(this.path);
      await publish(this.path, this.layout.backupDir(this.backupId));
      await fsyncDir(this.layout.backupsDir);
      this.finish();
      return manifest;
    } catch (error) {
      throw asDiskFullError(error, this.layout.root);
    }
  }

  /**
   * Gives up: removes every data file and publishes `record` (status failed or cancelled, no
   * files) so the history says what happened, or removes the folder entirely when record is null
   * or cannot be written (a full disk).
   */
  async abandon(record: AnyManifest | null): Promise<void> {
    if (this.finished) return;
    this.finish();
    if (record) {
      try {
        await publishRecord(this.path, this.layout, this.backupId, record);
        return;
      } catch {
        // Fall through: no record is better than a half-written one.
      }
    }
    await rm(this.path, { recursive: true, force: true });
  }

  private assertOpen(): void {
    if (this.finished) throw new TidemarkError('internal', `Backup ${this.backupId} has already been committed or abandoned.`);
  }

  private finish(): void {
    this.finished = true;
    this.stopHeartbeat?.();
    this.stopHeartbeat = null;
  }
}

/** Empties a pending folder but for its manifest, writes `record` there and renames it into place. */
async function publishRecord(path: string, layout: RepositoryLayout, backupId: string, record: AnyManifest): Promise<void> {
  for (const entry of await readdir(path)) {
    if (entry !== manifestFileName && entry !== ownerFileName) await rm(join(path, entry), { recursive: true, force: true });
  }
  await writeManifest(path, anyManifestSchema.parse({ ...record, files: [], totalBytes: 0 }));
  await rm(join(path, ownerFileName), { force: true });
  await fsyncDir(path);
  await publish(path, layout.backupDir(backupId));
  await fsyncDir(layout.backupsDir);
}

async function publish(from: string, to: string): Promise<void> {
  // rename() over an existing folder would merge or fail depending on the platform: refuse first.
  if (
    await stat(to).then(
      () => true,
      () => false,
    )
  )
    throw new TidemarkError('conflict', `${to} already exists.`);
  await rename(from, to);
}

/** Subfolders (the directory format's) need their own fsync for their entries to be durable. */
async function fsyncTree(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      await fsyncTree(join(dir, entry.name));
      await fsyncDir(join(dir, entry.name));
    }
  }
}

/** A full disk (ENOSPC) as a disk_full error that says which backup and which folder; anything else as it is. */
export function asDiskFullError(error: unknown, repositoryRoot: string, what = 'the backup'): unknown {
  if (!isDiskFull(error) || (error instanceof TidemarkError && error.code === 'disk_full')) return error;
  // The folder is named: a request can point at a repository other than the profile's.
  return new TidemarkError('disk_full', `The repository disk is full: ${what} was not kept.`, {
    hint: `Free space in ${repositoryRoot} (or delete old backups) and run it again.`,
    cause: error,
  });
}

export interface SweepReport {
  /** Pending backups whose writer is gone: now in the history as failed. */
  markedFailed: string[];
  /** Pending folders without a readable record, and interrupted deletions: removed. */
  removed: string[];
  /** Pending backups a live process is still writing: left alone. */
  inProgress: string[];
}

/**
 * Cleans the leftovers of a crash: a `.tmp-<id>` folder whose writer is no longer alive becomes
 * a failed backup in the history (its partial data removed); a `.trash-<id>` folder (a delete
 * interrupted half way) is removed.
 */
export async function sweepAbandonedBackups(layout: RepositoryLayout, options: { staleAfterMs?: number } = {}): Promise<SweepReport> {
  const report: SweepReport = { markedFailed: [], removed: [], inProgress: [] };
  const entries = await readdir(layout.backupsDir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const path = join(layout.backupsDir, entry.name);
    if (entry.name.startsWith(trashPrefix)) {
      await rm(path, { recursive: true, force: true });
      report.removed.push(entry.name);
      continue;
    }
    if (!entry.name.startsWith(pendingPrefix)) continue;
    const backupId = entry.name.slice(pendingPrefix.length);
    if (await ownerFileIsAlive(join(path, ownerFileName), options.staleAfterMs ?? defaultStaleAfterMs)) {
      report.inProgress.push(backupId);
      continue;
    }
    const record = await readManifest(path, anyManifestSchema).catch(() => null);
    if (record && record.id === backupId) {
      try {
        await publishRecord(path, layout, backupId, {
          ...record,
          status: 'failed',
          failure: record.failure ?? {
            code: 'interrupted',
            message: 'The backup was interrupted (the app or the machine stopped while it was being written); its partial files were removed.',
          },
        });
        report.markedFailed.push(backupId);
        continue;
      } catch {
        // Fall through and remove it.
      }
    }
    await rm(path, { recursive: true, force: true });
    report.removed.push(entry.name);
  }
  return report;
}
