import type { PhysicalBackupSummary, PhysicalManifest } from '../../shared/domain/physical';

/** A base backup as lists show it: its manifest's facts, without its files and log. */
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
