import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SnapshotRecord } from '../../shared/domain/snapshot';
import { writeJsonAtomic } from '../repository/atomic-file';

/** The snapshot records of the app's data folder: one JSON file a snapshot, <home>/snapshots/<id>.json. */
export class SnapshotRecords {
  constructor(private readonly dir: string) {}

  async list(): Promise<SnapshotRecord[]> {
    const names = await readdir(this.dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [] as string[];
      throw error;
    });
    const records = await Promise.all(
      names.filter((name) => /^[a-z0-9]{12}\.json$/.test(name)).map(async (name) => JSON.parse(await readFile(join(this.dir, name), 'utf8')) as SnapshotRecord),
    );
    return records.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async save(record: SnapshotRecord): Promise<SnapshotRecord> {
    await mkdir(this.dir, { recursive: true });
    await writeJsonAtomic(join(this.dir, `${record.id}.json`), record);
    return record;
  }

  async update(id: string, changes: Partial<SnapshotRecord>): Promise<SnapshotRecord> {
    const current = (await this.list()).find((record) => record.id === id);
    if (!current) throw new Error(`No snapshot record ${id}.`);
    return this.save({ ...current, ...changes });
  }

  async remove(id: string): Promise<void> {
    await rm(join(this.dir, `${id}.json`), { force: true });
  }
}
