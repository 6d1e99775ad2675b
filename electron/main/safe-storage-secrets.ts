import { safeStorage } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectionProfile } from '../../shared/domain/profile';
import type { SecretStore } from '../profiles/secret-store';
import { encryptedSecretsFileName } from './encrypted-secrets-file';
import { migrateEncryptedSecrets } from './secrets-migration';

/**
 * Moves the passwords an earlier version of the app encrypted with safeStorage into `<home>/secrets.json`
 * into the one secret store, so the CLI, browser mode and the daemon read them too. Call after
 * `ready` (safeStorage needs it on Linux) and before the first window asks for a password.
 */
export async function moveSafeStorageSecrets(home: string, secrets: SecretStore, profiles: readonly ConnectionProfile[]): Promise<void> {
  const file = join(home, encryptedSecretsFileName);
  if (!existsSync(file)) return;
  const unavailable = await whyKeychainEncryptionIsUnavailable();
  if (unavailable) {
    console.warn(`The passwords saved by an earlier Tidemark in ${file} cannot be read now (${unavailable}); they stay there and are moved at a later start.`);
    return;
  }
  const report = await migrateEncryptedSecrets({
    file,
    async decrypt(cipherText) {
      return (await safeStorage.decryptStringAsync(cipherText)).result;
    },
    profiles,
    to: secrets,
  });
  if (!report) return;
  const { location } = await secrets.storage();
  console.info(
    `Moved ${report.moved.length} saved password(s) into ${location}${report.keptExisting.length ? `; kept the one already there for ${report.keptExisting.join(', ')}` : ''}${report.orphaned ? `; ${report.orphaned} of deleted profiles dropped` : ''}.`,
  );
  for (const failure of report.failed)
    console.warn(`The saved password of "${failure.profile}" was not moved (${failure.reason}); ${file} is kept and tried again at the next start.`);
}

async function whyKeychainEncryptionIsUnavailable(): Promise<string | null> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return 'the OS keychain is not available to Electron safeStorage';
  // Without GNOME Keyring or KWallet, Chromium on Linux falls back to a key hard-coded in its
  // source ("basic_text"), which cannot decrypt what a real keyring encrypted.
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return 'no keyring (GNOME Keyring, KWallet) was found for Electron safeStorage';
  }
  return null;
}
