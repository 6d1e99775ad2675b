import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ConnectionProfile } from '../../shared/domain/profile';
import { TidemarkError } from '../../shared/domain/errors';
import type { SecretStore } from '../profiles/secret-store';

/** Encryption by a key the OS keeps (Electron's safeStorage); injected so this file stays plain Node. */
export interface KeychainCipher {
  encrypt(plainText: string): Promise<Buffer>;
  /** `shouldReEncrypt`: the key was rotated; store the value again to move it to the new key. */
  decrypt(cipherText: Buffer): Promise<{ plainText: string; shouldReEncrypt: boolean }>;
}

/** `<home>/secrets.json`: ciphertexts only, base64, keyed by profile id. */
interface SecretsFileContent {
  format: 1;
  encryptedPasswords: Record<string, string>;
}

/**
 * Saved passwords, each encrypted by the OS keychain, in one JSON file readable by this user only.
 * The file holds nothing readable without the keychain: copying it to another machine or
 * account yields ciphertext.
 */
export class EncryptedSecretsFile implements SecretStore {
  readonly kind = 'os-keychain' as const;
  // Writes go one after another so two saves cannot interleave read-modify-write.
  private pendingWrite: Promise<unknown> = Promise.resolve();

  constructor(
    readonly filePath: string,
    private readonly cipher: KeychainCipher,
  ) {}

  async get(profile: ConnectionProfile): Promise<string | undefined> {
    await this.pendingWrite.catch(() => undefined);
    const { encryptedPasswords } = await this.read();
    const encoded = Object.hasOwn(encryptedPasswords, profile.id) ? encryptedPasswords[profile.id] : undefined;
    if (encoded === undefined) return undefined;
    let decrypted: { plainText: string; shouldReEncrypt: boolean };
    try {
      decrypted = await this.cipher.decrypt(Buffer.from(encoded, 'base64'));
    } catch (error) {
      // The keychain entry changed (another machine, a reset keyring): the password is gone, not
      // wrong. Ask for it again rather than fail every connection.
      console.warn(
        `The saved password of profile "${profile.name}" cannot be decrypted by this keychain (${error instanceof Error ? error.message : String(error)}); it will be asked for again.`,
      );
      return undefined;
    }
    if (decrypted.shouldReEncrypt) await this.set(profile, decrypted.plainText);
    return decrypted.plainText;
  }

  async set(profile: ConnectionProfile, password: string): Promise<void> {
    const encoded = (await this.cipher.encrypt(password)).toString('base64');
    await this.update((passwords) => ({ ...passwords, [profile.id]: encoded }));
  }

  async delete(profile: ConnectionProfile): Promise<void> {
    await this.update((passwords) => {
      const { [profile.id]: _removed, ...rest } = passwords;
      return rest;
    });
  }

  private update(change: (passwords: Record<string, string>) => Record<string, string>): Promise<void> {
    const write = this.pendingWrite
      .catch(() => undefined)
      .then(async () => {
        const content = await this.read();
        await this.write({ format: 1, encryptedPasswords: change(content.encryptedPasswords) });
      });
    this.pendingWrite = write;
    return write;
  }

  private async read(): Promise<SecretsFileContent> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { format: 1, encryptedPasswords: {} };
      throw error;
    }
    const content = parseSecretsFile(text);
    if (!content) {
      // Never overwrite a file we cannot read: it may hold every saved password.
      throw new TidemarkError('internal', `${this.filePath} is not a Tidemark secrets file.`, {
        hint: 'Move it aside (Tidemark will start a new one) or restore it from a backup.',
      });
    }
    return content;
  }

  private async write(content: SecretsFileContent): Promise<void> {
    await mkdir(dirname(this.filePath), { recursive: true });
    // Write then rename: a crash mid-write leaves the old file whole, never half a file.
    const temporary = `${this.filePath}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
    await rename(temporary, this.filePath);
  }
}

function parseSecretsFile(text: string): SecretsFileContent | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { format, encryptedPasswords } = parsed as Partial<SecretsFileContent>;
  if (format !== 1 || typeof encryptedPasswords !== 'object' || encryptedPasswords === null) return null;
  if (!Object.values(encryptedPasswords).every((value) => typeof value === 'string')) return null;
  return { format, encryptedPasswords };
}
