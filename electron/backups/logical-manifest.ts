import { logicalManifestSchema, type BackupFile, type LogicalManifest, type Verification } from '../../shared/domain/backup';
import type { ConnectionProfile } from '../../shared/domain/profile';

/**
 * The manifest a logical backup (or import) starts with: its failure record, kept in the pending
 * folder and published if the process dies before the backup completes.
 */
export function interruptedLogicalRecord(fields: {
  id: string;
  origin: LogicalManifest['origin'];
  profile: Pick<ConnectionProfile, 'id' | 'name'> | null;
  startedAt: Date;
  server?: LogicalManifest['server'];
  tool?: LogicalManifest['tool'];
  /** What the history says if it never completes. */
  interruptedMessage: string;
  logical: Omit<LogicalManifest['logical'], 'tocHints'> & Partial<Pick<LogicalManifest['logical'], 'tocHints'>>;
}): LogicalManifest {
  return logicalManifestSchema.parse({
    manifestVersion: 1,
    id: fields.id,
    kind: 'logical',
    status: 'failed',
    failure: { code: 'interrupted', message: fields.interruptedMessage },
    origin: fields.origin,
    profile: fields.profile ? { id: fields.profile.id, name: fields.profile.name } : null,
    server: fields.server ?? null,
    tool: fields.tool ?? null,
    startedAt: fields.startedAt.toISOString(),
    endedAt: null,
    durationMs: null,
    totalBytes: 0,
    files: [],
    verifications: [],
    log: [],
    logical: fields.logical,
  });
}

/** The checks every backup gets as it is written: checksums recorded, and the archive read back. */
export function writtenCheck(files: readonly BackupFile[], readable: string, startedMs: number, when: string): Verification {
  return {
    at: new Date().toISOString(),
    durationMs: Date.now() - startedMs,
    ok: true,
    checks: [
      { kind: 'checksums', ok: true, summary: `SHA-256 recorded for ${files.length} file${files.length === 1 ? '' : 's'}${when}` },
      { kind: 'readable', ok: true, summary: readable },
    ],
    firstBrokenFile: null,
    testRestore: null,
  };
}

export function totalBytesOf(files: readonly BackupFile[]): number {
  return files.reduce((sum, file) => sum + file.sizeBytes, 0);
}
