import { createHash } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { backupKinds, backupStatuses } from '../../shared/domain/backup';
import type { BaseBackupWal } from './wal-reach';
import type { RetentionCandidate } from './retention-candidate';

/**
 * The retention catalog on disk: each backup's candidate (what retention reads of its manifest)
 * with the stat of the manifest it was read from. A fresh process (`tidemark retention plan`)
 * reads this one file instead of 10,000 manifests; backup-catalog.ts trusts an entry only while
 * its manifest's stat is unchanged, so the file is a cache that is never believed over the
 * manifests.
 *
 * Line 1 is a header (version, SHA-256 of the rest), the rest a JSON array of entries: a file cut
 * short, damaged or edited by hand fails the checksum and is rebuilt from the manifests.
 */

// Bump when RetentionCandidate or candidateOf changes what a candidate says: the old file is
// then ignored and rebuilt, never read with the old meaning.
const catalogVersion = 1;

/** A manifest's identity on disk: an atomic rewrite (temporary file renamed over) changes ino and ctime. */
export interface ManifestStamp {
  ino: number;
  sizeBytes: number;
  mtimeMs: number;
  ctimeMs: number;
}

export interface CatalogEntry {
  stamp: ManifestStamp;
  candidate: RetentionCandidate;
}

interface CatalogHeader {
  version: number;
  sha256: string;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The saved entries by backup id; null when the file is missing, of another version, or damaged. */
export async function loadCatalogFile(file: string): Promise<Map<string, CatalogEntry> | null> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return null;
  const newline = text.indexOf('\n');
  if (newline < 0) return null;
  try {
    const header = JSON.parse(text.slice(0, newline)) as Partial<CatalogHeader>;
    const body = text.slice(newline + 1);
    if (header.version !== catalogVersion || header.sha256 !== sha256(body)) return null;
    const entries: unknown = JSON.parse(body);
    if (!Array.isArray(entries)) return null;
    const catalog = new Map<string, CatalogEntry>();
    for (const entry of entries) if (isCatalogEntry(entry)) catalog.set(entry.candidate.id, entry);
    return catalog;
  } catch {
    return null;
  }
}

/**
 * Writes the entries atomically (a temporary file renamed over the old one). Not fsynced: a file
 * a crash leaves empty or short fails its checksum and is rebuilt. Failures are ignored: a
 * repository Tidemark may not write still plans, from the manifests.
 */
export async function saveCatalogFile(file: string, entries: Iterable<CatalogEntry>): Promise<void> {
  const body = JSON.stringify([...entries]);
  const header: CatalogHeader = { version: catalogVersion, sha256: sha256(body) };
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(header)}\n${body}`);
    await rename(temporary, file);
  } catch {
    await rm(temporary, { force: true }).catch(() => undefined);
  }
}

// The shape of an entry, checked field by field (a zod parse of 10,000 entries would cost what the
// catalog saves). Typed over every key, so a field added to the candidate must be checked here.
const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const orNull =
  (check: (value: unknown) => boolean) =>
  (value: unknown): boolean =>
    value === null || check(value);
const oneOf =
  (values: readonly string[]) =>
  (value: unknown): boolean =>
    typeof value === 'string' && values.includes(value);
const isUint32 = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 0xffff_ffff;
const isLsn = (value: unknown): boolean => isObject(value) && isUint32(value.hi) && isUint32(value.lo);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function hasShape<T>(value: unknown, shape: { [K in keyof T]-?: (field: unknown) => boolean }): value is T {
  if (!isObject(value)) return false;
  for (const key in shape) if (!shape[key](value[key])) return false;
  return true;
}

const baseShape: { [K in keyof BaseBackupWal]-?: (field: unknown) => boolean } = {
  id: isString,
  timeline: (value) => Number.isInteger(value) && (value as number) > 0,
  startLsn: isLsn,
  stopLsn: isLsn,
  stopTime: orNull(isString),
  walIncluded: isBoolean,
  usable: isBoolean,
};

const candidateShape: { [K in keyof RetentionCandidate]-?: (field: unknown) => boolean } = {
  id: isString,
  kind: oneOf(backupKinds),
  status: oneOf(backupStatuses),
  profileId: orNull(isString),
  startedAt: isString,
  startedMs: isNumber,
  totalBytes: (value) => Number.isInteger(value) && (value as number) >= 0,
  database: orNull(isString),
  systemIdentifier: orNull(isString),
  verified: isBoolean,
  damaged: isBoolean,
  base: orNull((value) => hasShape<BaseBackupWal>(value, baseShape)),
};

const stampShape: { [K in keyof ManifestStamp]-?: (field: unknown) => boolean } = {
  ino: isNumber,
  sizeBytes: isNumber,
  mtimeMs: isNumber,
  ctimeMs: isNumber,
};

function isCatalogEntry(value: unknown): value is CatalogEntry {
  return (
    isObject(value) &&
    hasShape<ManifestStamp>(value.stamp, stampShape) &&
    hasShape<RetentionCandidate>(value.candidate, candidateShape) &&
    Date.parse(value.candidate.startedAt) === value.candidate.startedMs
  );
}
