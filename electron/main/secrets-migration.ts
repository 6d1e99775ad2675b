import { rm } from 'node:fs/promises';
import type { ConnectionProfile } from '../../shared/domain/profile';
import type { SecretStore } from '../profiles/secret-store';
import { readEncryptedSecretsFile } from './encrypted-secrets-file';

export interface SecretsMigration {
  /** `<home>/secrets.json`, written by the Electron app before the one secret store. */
  file: string;
  /** Electron's safeStorage decryption; a parameter, so this stays plain Node and testable. */
  decrypt(cipherText: Buffer): Promise<string>;
  /** The profiles the passwords belong to (the pgpass store files a password under its target). */
  profiles: readonly ConnectionProfile[];
  to: SecretStore;
}

/** What the move did, profile by profile (names, never passwords). */
export interface SecretsMigrationReport {
  moved: string[];
  /** The store held a password for the profile already (saved by the CLI or browser mode): it is kept. */
  keptExisting: string[];
  /** Entries of profiles deleted since: nothing to move them to. */
  orphaned: number;
  failed: { profile: string; reason: string }[];
  /** Only when every entry was written and read back. */
  removedOldFile: boolean;
}

/**
 * Moves the passwords of the app's safeStorage file into the secret store, without asking the user
 * again. Each is decrypted, written and read back; the old file is removed only when every entry
 * made it, so a failure (a keychain that refuses, a password the store cannot hold) loses nothing
 * and is tried again at the next start. Null when there is no old file.
 */
export async function migrateEncryptedSecrets(migration: SecretsMigration): Promise<SecretsMigrationReport | null> {
  const entries = await readEncryptedSecretsFile(migration.file);
  if (!entries) return null;
  const report: SecretsMigrationReport = { moved: [], keptExisting: [], orphaned: 0, failed: [], removedOldFile: false };
  for (const [id, cipherText] of entries) {
    const profile = migration.profiles.find((candidate) => candidate.id === id);
    if (!profile) {
      report.orphaned += 1;
      continue;
    }
    try {
      const password = await migration.decrypt(cipherText);
      // A password the CLI or browser mode saved since is the one they have been using: keep it.
      const existing = await migration.to.get(profile);
      if (existing !== undefined && existing !== '') {
        report.keptExisting.push(profile.name);
        continue;
      }
      await migration.to.set(profile, password);
      if ((await migration.to.get(profile)) !== password) throw new Error('the secret store gave back a different password than it was given');
      report.moved.push(profile.name);
    } catch (error) {
      report.failed.push({ profile: profile.name, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  if (report.failed.length === 0) {
    await rm(migration.file, { force: true });
    report.removedOldFile = true;
  }
  return report;
}
