import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RecoveryRecord } from '../../shared/domain/pitr';

/**
 * What Tidemark knows about the recovery that made a cluster's current data: its status
 * (recovering, paused, promoted), target, backup and socket folder. Kept in the cluster's folder as
 * recovery.json, beside server.log, so it travels with the cluster and survives an app reinstall.
 */
export const recoveryRecordName = 'recovery.json';

export async function readRecoveryRecord(clusterFolder: string): Promise<RecoveryRecord | null> {
  const text = await readFile(join(clusterFolder, recoveryRecordName), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    return JSON.parse(text) as RecoveryRecord;
  } catch {
    return null;
  }
}

export async function writeRecoveryRecord(clusterFolder: string, record: RecoveryRecord): Promise<void> {
  const path = join(clusterFolder, recoveryRecordName);
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(record, null, 2) + '\n', { mode: 0o600 });
  await rename(temporary, path);
}

export async function updateRecoveryRecord(clusterFolder: string, changes: Partial<RecoveryRecord>): Promise<RecoveryRecord | null> {
  const record = await readRecoveryRecord(clusterFolder);
  if (!record) return null;
  const updated = { ...record, ...changes };
  await writeRecoveryRecord(clusterFolder, updated);
  return updated;
}
