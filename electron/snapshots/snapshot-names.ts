import { randomBytes } from 'node:crypto';

// Snapshot databases are named so that no user database collides with them, and their database
// comment carries the same id: `tidemark snapshot list` tells them apart even if the records are
// lost, and cleanup drops a database only when both the record and the comment say it is ours.
const prefix = 'tidemark_snap_';
const commentPrefix = 'tidemark-snapshot:';
const copyCommentPrefix = 'tidemark-snapshot-copy:';
const idAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function newSnapshotId(): string {
  return Array.from(randomBytes(12), (byte) => idAlphabet[byte % idAlphabet.length]).join('');
}

export function snapshotDatabaseName(id: string): string {
  return `${prefix}${id}`;
}

/** The prepared copy a fast restore renames into place. */
export function preparedDatabaseName(id: string): string {
  return `${prefix}${id}_ready`;
}

export function snapshotComment(id: string): string {
  return `${commentPrefix}${id}`;
}

export function preparedCopyComment(id: string): string {
  return `${copyCommentPrefix}${id}`;
}

/** The snapshot id a database comment carries (of a snapshot or of its prepared copy), or null. */
export function snapshotIdOfComment(comment: string | null): { id: string; copy: boolean } | null {
  const match = /^tidemark-snapshot(-copy)?:([a-z0-9]{12})$/.exec(comment ?? '');
  return match ? { id: match[2]!, copy: Boolean(match[1]) } : null;
}
