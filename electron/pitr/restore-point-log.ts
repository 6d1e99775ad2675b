import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { repositoryLayout } from '../repository/layout';
import { lsnOf, formatLsn, type Lsn } from '../../shared/domain/wal';

/**
 * The restore points Tidemark created, per cluster, in the repository (see layout.ts). PostgreSQL keeps a restore point only as a WAL
 * record; knowing its LSN lets a recovery to it pick the latest base backup before it and check
 * the archive reaches it, before anything starts. Points made elsewhere are still found by replay.
 */
export interface LoggedRestorePoint {
  name: string;
  lsn: Lsn;
  timeline: number;
  createdAt: string;
}

interface StoredRestorePoint {
  name: string;
  lsn: string;
  timeline: number;
  createdAt: string;
}

function logFile(repositoryRoot: string, systemIdentifier: string): string {
  return repositoryLayout(repositoryRoot).restorePointsFile(systemIdentifier);
}

export async function readRestorePoints(repositoryRoot: string, systemIdentifier: string): Promise<LoggedRestorePoint[]> {
  const text = await readFile(logFile(repositoryRoot, systemIdentifier), 'utf8').catch(() => null);
  if (!text) return [];
  try {
    return (JSON.parse(text) as StoredRestorePoint[]).map((point) => ({ ...point, lsn: lsnOf(point.lsn) }));
  } catch {
    return [];
  }
}

export async function appendRestorePoint(repositoryRoot: string, systemIdentifier: string, point: LoggedRestorePoint): Promise<void> {
  const path = logFile(repositoryRoot, systemIdentifier);
  await mkdir(dirname(path), { recursive: true });
  const stored: StoredRestorePoint[] = (await readRestorePoints(repositoryRoot, systemIdentifier)).map((p) => ({ ...p, lsn: formatLsn(p.lsn) }));
  stored.push({ ...point, lsn: formatLsn(point.lsn) });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(stored, null, 2) + '\n');
  await rename(temporary, path);
}

/**
 * The point recovery to `name` stops at: PostgreSQL stops at the FIRST restore point of that name
 * it replays, so the earliest one logged after the backup's start.
 */
export function firstPointNamed(points: readonly LoggedRestorePoint[], name: string): LoggedRestorePoint | null {
  return points.filter((point) => point.name === name).sort((a, b) => a.lsn.hi - b.lsn.hi || a.lsn.lo - b.lsn.lo)[0] ?? null;
}
