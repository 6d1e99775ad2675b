import { safeStorage } from 'electron';
import { join } from 'node:path';
import { MemorySecretStore, type SecretStore } from '../profiles/secret-store';
import { EncryptedSecretsFile, type KeychainCipher } from './encrypted-secrets-file';

export const secretsFileName = 'secrets.json';

const safeStorageCipher: KeychainCipher = {
  encrypt(plainText) {
    return safeStorage.encryptStringAsync(plainText);
  },
  async decrypt(cipherText) {
    const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(cipherText);
    return { plainText: result, shouldReEncrypt };
  },
};

/**
 * The app's saved passwords: encrypted by the OS keychain through safeStorage into
 * `<home>/secrets.json`. Where no keychain protects them, they are kept for this session only,
 * never written in a form anyone can read back. Call after `ready` (safeStorage needs it on Linux).
 */
export async function openSafeStorageSecrets(home: string): Promise<SecretStore> {
  const unavailable = await whyKeychainEncryptionIsUnavailable();
  if (unavailable) {
    console.warn(`Saved passwords will be kept in memory for this session only: ${unavailable}. ~/.pgpass, PGPASSFILE and PGPASSWORD still work.`);
    return new MemorySecretStore();
  }
  return new EncryptedSecretsFile(join(home, secretsFileName), safeStorageCipher);
}

async function whyKeychainEncryptionIsUnavailable(): Promise<string | null> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return 'the OS keychain is not available to Electron safeStorage';
  // Without GNOME Keyring or KWallet, Chromium on Linux falls back to a key hard-coded in its
  // source ("basic_text"): ciphertext anyone can decrypt is plain text with extra steps.
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return 'no keyring (GNOME Keyring, KWallet) was found, and Electron would fall back to a hard-coded key';
  }
  return null;
}
