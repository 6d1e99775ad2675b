import type { CreateStrategy } from '../../shared/domain/snapshot';

/**
 * From this size on, FILE_COPY beats WAL_LOG on this machine (bench/snapshot-crossover.ts; the
 * figure is in DEVELOPERS.md): WAL_LOG writes every block to WAL, FILE_COPY pays two checkpoints
 * and then copies files, so it wins once the database outweighs the checkpoints.
 */
export const fileCopyFromBytes = 32 * 1024 * 1024;

/** PostgreSQL 15 added STRATEGY; before it every CREATE DATABASE copied files (null: leave the clause out). */
export function createStrategyFor(sizeBytes: number, serverVersionNum: number): CreateStrategy | null {
  if (serverVersionNum < 150000) return null;
  return sizeBytes >= fileCopyFromBytes ? 'FILE_COPY' : 'WAL_LOG';
}
