import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { ListedFile } from '../../shared/domain/backup';
import { TidemarkError } from '../../shared/domain/errors';
import type { BasebackupFormat } from '../../shared/domain/physical';
import type { FileCatalog } from '../repository/atomic-backup-dir';
import { listFiles, sha256File } from '../repository/checksums';

/** The part of PostgreSQL's backup_manifest read here (https://www.postgresql.org/docs/15/backup-manifest-format.html). */
const backupManifestSchema = z.object({
  Files: z.array(
    z.object({
      // Names that are not valid UTF-8 come as Encoded-Path instead; those files are hashed here.
      Path: z.string().optional(),
      Size: z.number(),
      'Checksum-Algorithm': z.string().optional(),
    }),
  ),
});

/** A tar archive of the data directory or of a tablespace, as pg_basebackup names them. */
const dataTarPattern = /^(base|\d+)\.tar(\.(gz|lz4|zst))?$/;

/**
 * How Tidemark's manifest lists a base backup's files without reading the data a second time.
 * PostgreSQL's backup_manifest already holds a checksum of every data file (CRC32C by default),
 * computed by the server as it sent it, and pg_verifybackup checks them:
 * - a plain backup's files that backup_manifest lists are listed with the size it records;
 * - so are the tar archives of the data (base.tar, <oid>.tar), whose members it lists;
 * - the rest (the streamed WAL, backup_manifest itself) gets its SHA-256 here.
 * pg_basebackup syncs everything it writes before it exits, so nothing is fsynced again.
 */
export function basebackupCatalog(dataPath: string, format: BasebackupFormat): FileCatalog {
  return async (dir, exclude) => {
    const covered = format === 'plain' ? await checksummedByBackupManifest(join(dir, dataPath, 'backup_manifest')) : new Map<string, number>();
    const files: ListedFile[] = [];
    // Only the few files outside backup_manifest are read, so one at a time is enough.
    for (const path of await listFiles(dir, { exclude })) files.push(await listedFile(dir, path, dataPath, format, covered));
    return files;
  };
}

async function listedFile(dir: string, path: string, dataPath: string, format: BasebackupFormat, covered: Map<string, number>): Promise<ListedFile> {
  const inData = path.startsWith(`${dataPath}/`) ? path.slice(dataPath.length + 1) : null;
  if (inData !== null) {
    if (format === 'tar' && dataTarPattern.test(inData)) return { path, sizeBytes: (await stat(join(dir, path))).size, sha256: null };
    // The size backup_manifest records is what pg_basebackup wrote (it exited 0); statting a
    // thousand files again costs more than the rest of the listing, and pg_verifybackup checks it.
    const size = covered.get(inData);
    if (size !== undefined) return { path, sizeBytes: size, sha256: null };
  }
  const { sha256, sizeBytes } = await sha256File(join(dir, path));
  return { path, sizeBytes, sha256 };
}

/** Path → size of every file backup_manifest lists with a checksum. */
async function checksummedByBackupManifest(manifestPath: string): Promise<Map<string, number>> {
  let parsed: z.infer<typeof backupManifestSchema>;
  try {
    parsed = backupManifestSchema.parse(JSON.parse(await readFile(manifestPath, 'utf8')));
  } catch (error) {
    throw new TidemarkError('tool_failed', `PostgreSQL's backup_manifest cannot be read: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
  const covered = new Map<string, number>();
  for (const file of parsed.Files) {
    if (file.Path !== undefined && file['Checksum-Algorithm'] && file['Checksum-Algorithm'] !== 'NONE') covered.set(file.Path, file.Size);
  }
  return covered;
}
