import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { TidemarkError } from '../../shared/domain/errors';
import { anyManifestSchema, backupIdSchema, type AnyManifest } from '../../shared/domain/backup';
import { writeFileAtomically } from './durable-fs';
import type { RepositoryLayout } from './layout';

export const manifestFileName = 'manifest.json';

/**
 * Writes manifest.json durably and atomically: a temporary file, fsynced, renamed over the old
 * one, then the folder fsynced, so a crash leaves the old manifest or the new one, never half.
 */
export async function writeManifest(dir: string, manifest: object): Promise<void> {
  await writeFileAtomically(join(dir, manifestFileName), JSON.stringify(manifest, null, 2) + '\n');
}

/** Reads and validates one manifest; a clear error says which file and what is wrong with it. */
export async function readManifest<S extends z.ZodType>(dir: string, schema: S): Promise<z.output<S>> {
  const file = join(dir, manifestFileName);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new TidemarkError('not_found', `${file} does not exist.`);
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TidemarkError('invalid_input', `${file} is not valid JSON: ${(error as Error).message}.`, {
      hint: 'The manifest was edited or damaged; restore it from a copy of the repository.',
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || 'manifest'}: ${issue.message}`);
    throw new TidemarkError('invalid_input', `${file} is not a manifest Tidemark can read (${issues.join('; ')}).`, {
      hint: 'It may come from a newer Tidemark, or have been edited by hand.',
    });
  }
  return parsed.data;
}

/** Reads a manifest from the repository by backup id. */
export async function readBackupManifest<S extends z.ZodType>(layout: RepositoryLayout, backupId: string, schema: S): Promise<z.output<S>> {
  if (!backupIdSchema.safeParse(backupId).success) throw new TidemarkError('invalid_input', `"${backupId}" is not a backup id.`);
  try {
    return await readManifest(layout.backupDir(backupId), schema);
  } catch (error) {
    if (error instanceof TidemarkError && error.code === 'not_found') {
      throw new TidemarkError('not_found', `No backup ${backupId} in ${layout.root}.`);
    }
    throw error;
  }
}

/** The ids of the backups in the repository (not the folders being written or deleted), newest first. */
export async function listBackupIds(layout: RepositoryLayout): Promise<string[]> {
  const entries = await readdir(layout.backupsDir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  const ids = entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name);
  return ids.sort().reverse();
}

export interface ManifestListing<M> {
  manifests: M[];
  /** Folders whose manifest could not be read, with why: listed, never silently skipped. */
  unreadable: { id: string; problem: string }[];
}

/**
 * Every backup in the repository (folders being written or deleted, whose names start with a
 * dot, are not backups), read through `schema`. Newest first: ids start with their UTC time.
 */
export async function listManifests<S extends z.ZodType = typeof anyManifestSchema>(
  layout: RepositoryLayout,
  schema?: S,
): Promise<ManifestListing<z.output<S>>> {
  const ids = await listBackupIds(layout);
  const listing: ManifestListing<z.output<S>> = { manifests: [], unreadable: [] };
  const manifestSchema = (schema ?? anyManifestSchema) as S;
  for (const id of ids) {
    try {
      listing.manifests.push(await readManifest(layout.backupDir(id), manifestSchema));
    } catch (error) {
      listing.unreadable.push({ id, problem: error instanceof Error ? error.message : String(error) });
    }
  }
  return listing;
}

// Read-modify-write of one manifest is serialized within the process (two verifications of the
// same backup finishing together must not lose one another's record).
const manifestLocks = new Map<string, Promise<unknown>>();

/** Reads a backup's manifest, applies `change`, validates and writes it back atomically. */
export async function updateManifest<S extends z.ZodType<AnyManifest>>(
  layout: RepositoryLayout,
  backupId: string,
  schema: S,
  change: (manifest: z.output<S>) => z.output<S>,
): Promise<z.output<S>> {
  const dir = layout.backupDir(backupId);
  const previous = manifestLocks.get(dir) ?? Promise.resolve();
  const next = previous
    .catch(() => undefined)
    .then(async () => {
      const updated = schema.parse(change(await readBackupManifest(layout, backupId, schema)));
      await writeManifest(dir, updated);
      return updated;
    });
  manifestLocks.set(dir, next);
  try {
    return await next;
  } finally {
    if (manifestLocks.get(dir) === next) manifestLocks.delete(dir);
  }
}
