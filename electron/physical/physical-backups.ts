import {
  isCompletePhysical,
  physicalManifestSchema,
  type CompletePhysicalFacts,
  type PhysicalBackupSummary,
  type PhysicalManifest,
} from '../../shared/domain/physical';
import { listManifests } from '../repository/manifest';
import type { RepositoryLayout } from '../repository/layout';

/**
 * The repository's physical backups, read from their manifests (the repository is the source of
 * truth). Failed and cancelled ones are records only; callers that need data filter on status.
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

export function summarizePhysicalBackup(manifest: PhysicalManifest, repositoryDir: string): PhysicalBackupSummary {
  const facts = manifest.physical;
  return {
    id: manifest.id,
    repositoryDir,
    status: manifest.status,
    systemIdentifier: facts.systemIdentifier,
    format: facts.format,
    compression: facts.compression,
    label: facts.label,
    points: facts.points,
    totalBytes: manifest.totalBytes,
    verification: facts.verification,
    pitr: facts.pitr,
    failure: manifest.failure,
  };
}
