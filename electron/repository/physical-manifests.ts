import { isCompletePhysical, physicalManifestSchema, type CompletePhysicalFacts, type PhysicalManifest } from '../../shared/domain/physical';
import type { RepositoryLayout } from './layout';
import { listManifests } from './manifest';

/**
 * The repository's physical backups, read from their manifests (the repository is the source of
 * truth). Failed and cancelled ones are records only; callers that need data filter on status.
 * Here rather than in physical/: the WAL archive (its gaps, cleanup, the recoverable window) and
 * recovery read them as well as the folder that takes them.
 */
export async function listPhysicalBackups(
  layout: RepositoryLayout,
  systemIdentifier?: string,
): Promise<{ backups: PhysicalManifest[]; unreadable: { id: string; problem: string }[] }> {
  const all = await listManifests(layout);
  const backups: PhysicalManifest[] = [];
  const unreadable = [...all.unreadable];
  for (const manifest of all.manifests) {
    if (manifest.kind !== 'physical') continue;
    const parsed = physicalManifestSchema.safeParse(manifest);
    if (!parsed.success) {
      unreadable.push({ id: manifest.id, problem: `not a physical manifest Tidemark can read: ${parsed.error.issues[0]?.message ?? 'invalid'}` });
      continue;
    }
    if (systemIdentifier === undefined || parsed.data.physical.systemIdentifier === systemIdentifier) backups.push(parsed.data);
  }
  return { backups, unreadable };
}

/** Complete backups only: the ones a recovery can start from. Oldest first. */
export async function completePhysicalBackups(
  layout: RepositoryLayout,
  systemIdentifier: string,
): Promise<(PhysicalManifest & { physical: CompletePhysicalFacts })[]> {
  const { backups } = await listPhysicalBackups(layout, systemIdentifier);
  return backups.filter(isCompletePhysical).reverse();
}
