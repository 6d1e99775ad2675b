import { readFile } from 'node:fs/promises';
import { TidemarkError } from '../../shared/domain/errors';
import { parseSecretMap } from '../profiles/private-file';

/**
 * `<home>/secrets.json`, where the Electron app kept saved passwords until they moved to the one
 * secret store (the OS keychain through @napi-rs/keyring, shared with the CLI, browser mode and
 * the daemon): each password encrypted by Electron's safeStorage, base64, keyed by profile id.
 * Tidemark only reads it now, to move its passwords (secrets-migration.ts).
 */
export interface EncryptedSecretsFileContent {
  format: 1;
  encryptedPasswords: Record<string, string>;
}

export const encryptedSecretsFileName = 'secrets.json';

/** Each profile id's ciphertext; null when there is no such file; throws when it is not one of ours. */
export async function readEncryptedSecretsFile(path: string): Promise<Map<string, Buffer> | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const encryptedPasswords = parseSecretMap(text, 'encryptedPasswords');
  if (!encryptedPasswords) {
    throw new TidemarkError('internal', `${path} is not a Tidemark secrets file, so its passwords cannot be moved to the secret store.`, {
      hint: 'Move it aside; profiles whose password is missing then ask for it again.',
    });
  }
  return new Map(Object.entries(encryptedPasswords).map(([id, encoded]) => [id, Buffer.from(encoded, 'base64')]));
}
