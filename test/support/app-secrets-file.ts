import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import type { EncryptedSecretsFileContent } from '../../electron/main/encrypted-secrets-file';

/** Stands in for Electron's safeStorage: real AES-GCM under a key only the test holds. */
export function testCipher(key = randomBytes(32)) {
  return {
    encrypt(plainText: string): Buffer {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    async decrypt(cipherText: Buffer): Promise<string> {
      const decipher = createDecipheriv('aes-256-gcm', key, cipherText.subarray(0, 12));
      decipher.setAuthTag(cipherText.subarray(12, 28));
      return Buffer.concat([decipher.update(cipherText.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/** `<home>/secrets.json` as the Electron app wrote it: each password encrypted, base64, keyed by profile id, mode 0600. */
export async function writeAppSecretsFile(file: string, cipher: ReturnType<typeof testCipher>, passwords: Record<string, string>): Promise<void> {
  const content: EncryptedSecretsFileContent = {
    format: 1,
    encryptedPasswords: Object.fromEntries(Object.entries(passwords).map(([id, password]) => [id, cipher.encrypt(password).toString('base64')])),
  };
  await writeFile(file, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
}
