import { z } from 'zod';
import { backupPinSchema, type BackupPin } from '../../shared/domain/retention';
import type { RepositoryLayout } from '../repository/layout';
import { RepositoryRecordFile } from './repository-record-file';

const pinsFileSchema = z.object({ version: z.literal(1), pins: z.array(backupPinSchema) });

/**
 * Pins live in the repository (<repo>/pins.json). A pins file that cannot be read stops retention
 * rather than being taken as "no pins": that would delete exactly the backups someone meant to keep.
 */
function pinsFile(layout: RepositoryLayout) {
  return new RepositoryRecordFile(
    layout.pinsFile,
    pinsFileSchema,
    () => ({ version: 1 as const, pins: [] }),
    'Retention stops rather than forget the pins.',
    'Restore the file from a copy of the repository, or remove it (every pin is then gone).',
  );
}

export async function readPins(layout: RepositoryLayout): Promise<BackupPin[]> {
  return (await pinsFile(layout).read()).pins;
}

function changePins<T>(layout: RepositoryLayout, change: (pins: BackupPin[]) => { pins: BackupPin[]; result: T }): Promise<T> {
  return pinsFile(layout).change((content) => {
    const { pins, result } = change(content.pins);
    return { content: { version: 1 as const, pins }, result };
  });
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
