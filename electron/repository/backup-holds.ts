import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RepositoryLayout } from './layout';
import { ownerFileIsAlive, startHeartbeat, thisProcess, type ProcessOwner } from './process-owner';

/**
 * A hold on a backup while a restore or a recovery reads it: retention, in this process or in
 * another one sharing the repository (the CLI, a daemon), never deletes a held backup. One file per
 * hold, <repo>/holds/<backupId>.<pid>-<random>.json, removed on release; a hold whose process died
 * is ignored and removed by the next reader.
 */
export interface BackupHold {
  release(): Promise<void>;
}

interface HoldRecord extends ProcessOwner {
  backupId: string;
  /** What reads it: "logical restore into shop_copy", "point-in-time recovery". */
  purpose: string;
}

export async function holdBackup(layout: RepositoryLayout, backupId: string, purpose: string): Promise<BackupHold> {
  await mkdir(layout.holdsDir, { recursive: true });
  const file = join(layout.holdsDir, `${backupId}.${process.pid}-${randomBytes(3).toString('hex')}.json`);
  const record: HoldRecord = { ...thisProcess(), backupId, purpose };
  await writeFile(file, JSON.stringify(record) + '\n');
  const stopHeartbeat = startHeartbeat(file);
  return {
    async release() {
      stopHeartbeat();
      await rm(file, { force: true });
    },
  };
}

/** Runs `work` with `backupId` held. */
export async function whileHeld<T>(layout: RepositoryLayout, backupId: string, purpose: string, work: () => Promise<T>): Promise<T> {
  const hold = await holdBackup(layout, backupId, purpose);
  try {
    return await work();
  } finally {
    await hold.release();
  }
}

/** The backups live holds name, each with what holds it. */
export async function heldBackups(layout: RepositoryLayout): Promise<Map<string, string[]>> {
  const held = new Map<string, string[]>();
  const names = await readdir(layout.holdsDir).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const file = join(layout.holdsDir, name);
    if (!(await ownerFileIsAlive(file))) {
      await rm(file, { force: true });
      continue;
    }
    const record = JSON.parse(await readFile(file, 'utf8').catch(() => '{}')) as Partial<HoldRecord>;
    if (typeof record.backupId !== 'string') continue;
    held.set(record.backupId, [...(held.get(record.backupId) ?? []), record.purpose ?? 'a restore']);
  }
  return held;
}
