import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { TidemarkError } from '../../shared/domain/errors';
import { backupPinSchema, type BackupPin } from '../../shared/domain/retention';
import { writeJsonAtomic } from '../repository/atomic-file';
import type { RepositoryLayout } from '../repository/layout';

const pinsFileSchema = z.object({ version: z.literal(1), pins: z.array(backupPinSchema) });

/**
 * Pins live in the repository (<repo>/pins.json), so the app, the CLI and a daemon on another
 * machine agree on them. A pins file that cannot be read stops retention rather than being taken
 * as "no pins": that would delete exactly the backups someone meant to keep.
 */
export async function readPins(layout: RepositoryLayout): Promise<BackupPin[]> {
  let text: string;
  try {
    text = await readFile(layout.pinsFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw unreadablePins(layout, `it is not valid JSON (${(error as Error).message})`);
  }
  const parsed = pinsFileSchema.safeParse(json);
  if (!parsed.success) throw unreadablePins(layout, parsed.error.issues[0]?.message ?? 'unexpected content');
  return parsed.data.pins;
}

function unreadablePins(layout: RepositoryLayout, why: string): TidemarkError {
  return new TidemarkError('invalid_input', `${layout.pinsFile} cannot be read: ${why}. Retention stops rather than forget the pins.`, {
    hint: 'Restore the file from a copy of the repository, or remove it (every pin is then gone).',
  });
}

// Read-modify-write of the pins file is serialized within the process.
const pinLocks = new Map<string, Promise<unknown>>();

async function changePins<T>(layout: RepositoryLayout, change: (pins: BackupPin[]) => { pins: BackupPin[]; result: T }): Promise<T> {
  const previous = pinLocks.get(layout.pinsFile) ?? Promise.resolve();
  const next = previous
    .catch(() => undefined)
    .then(async () => {
      const { pins, result } = change(await readPins(layout));
      await writeJsonAtomic(layout.pinsFile, { version: 1, pins });
      return result;
    });
  pinLocks.set(layout.pinsFile, next);
  try {
    return await next;
  } finally {
    if (pinLocks.get(layout.pinsFile) === next) pinLocks.delete(layout.pinsFile);
  }
}

/** Pins a backup (again: the new date replaces the old one). */
export function pinBackup(layout: RepositoryLayout, pin: BackupPin): Promise<BackupPin> {
  return changePins(layout, (pins) => ({ pins: [...pins.filter((p) => p.backupId !== pin.backupId), pin], result: pin }));
}

export function unpinBackup(layout: RepositoryLayout, backupId: string): Promise<{ backupId: string; wasPinned: boolean }> {
  return changePins(layout, (pins) => ({
    pins: pins.filter((p) => p.backupId !== backupId),
    result: { backupId, wasPinned: pins.some((p) => p.backupId === backupId) },
  }));
}
