import type { AsyncEntry, EntryOptions } from '@napi-rs/keyring';
import { TidemarkError } from '../../shared/domain/errors';
import type { PgpassSecretStore } from './pgpass-secret-store';
import { secretAccount, type SecretKey, type SecretStorageInfo, type SecretStore } from './secret-store';

/** The keychain's service name for every Tidemark entry; the account says whose it is (`profile:<id>`). */
export const keychainService = 'tidemark';

/**
 * On Linux, @napi-rs/keyring falls back silently from the Secret Service to the kernel's keyutils,
 * which "is completely in-memory and will not persist across reboots": a password saved there would
 * vanish at the next boot. Only the Secret Service counts as a keychain here.
 */
export const keychainEntryOptions: EntryOptions = { linux: { store: 'secret-service' } };

/** The OS keychain as people know it on this platform. */
export function keychainLocation(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'the macOS Keychain';
  if (platform === 'win32') return 'the Windows Credential Manager';
  return 'the Secret Service (GNOME Keyring, KWallet, KeePassXC) on the D-Bus session bus';
}

type KeyringModule = typeof import('@napi-rs/keyring');
let keyringModule: Promise<KeyringModule> | undefined;
// Loaded on first use: a CLI command that needs no secret does not pay for the native module.
function loadKeyring(): Promise<KeyringModule> {
  return (keyringModule ??= import('@napi-rs/keyring'));
}

/**
 * Saved passwords and named secrets in the OS keychain through @napi-rs/keyring (macOS Keychain,
 * Windows Credential Manager, the Secret Service on Linux), the same entries for the app, the CLI,
 * browser mode and the daemon. Use it once probeOsKeychain() said yes: a session bus that never
 * answers blocks the calling thread inside the native module.
 */
export class KeyringSecretStore implements SecretStore {
  private readonly entries = new Map<string, AsyncEntry>();

  constructor(
    /**
     * The pgpass file where no keychain was used before (the CLI and browser mode until now): a
     * profile's password found only there is moved into the keychain when first read.
     */
    private readonly earlierPgpass: PgpassSecretStore | null = null,
    private readonly service = keychainService,
  ) {}

  async storage(): Promise<SecretStorageInfo> {
    return { kind: 'os-keychain', location: keychainLocation(), fallbackReason: null };
  }

  async get(key: SecretKey): Promise<string | undefined> {
    const account = secretAccount(key);
    const saved = await keychainCall(key, 'read', async () => (await this.entry(account)).getPassword());
    if (saved !== null || typeof key === 'string' || !this.earlierPgpass) return saved ?? undefined;
    const earlier = await this.earlierPgpass.savedPassword(key);
    if (earlier === undefined) return undefined;
    await this.set(key, earlier);
    return earlier;
  }

  async set(key: SecretKey, value: string): Promise<void> {
    const account = secretAccount(key);
    await keychainCall(key, 'save', async () => (await this.entry(account)).setPassword(value));
    await this.forgetEarlierCopy(key);
  }

  async delete(key: SecretKey): Promise<void> {
    const account = secretAccount(key);
    await keychainCall(key, 'delete', async () => (await this.entry(account)).deleteCredential());
    await this.forgetEarlierCopy(key);
  }

  private async entry(account: string): Promise<AsyncEntry> {
    const { AsyncEntry } = await loadKeyring();
    // The constructor connects to the store on the calling (main) thread (8-37 ms measured here
    // on gnome-keyring): once per account, not at every read.
    let entry = this.entries.get(account);
    if (!entry) {
      entry = new AsyncEntry(this.service, account, keychainEntryOptions);
      this.entries.set(account, entry);
    }
    return entry;
  }

  /** The file's copy (plain text, mode 0600) is not wanted once the keychain holds the password, or after a delete. */
  private async forgetEarlierCopy(key: SecretKey): Promise<void> {
    if (typeof key === 'string' || !this.earlierPgpass) return;
    if ((await this.earlierPgpass.savedPassword(key)) !== undefined) await this.earlierPgpass.delete(key);
  }
}

async function keychainCall<T>(key: SecretKey, action: 'read' | 'save' | 'delete', call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const whose = typeof key === 'string' ? `the secret "${key}"` : `the password of profile "${key.name}"`;
    throw new TidemarkError('internal', `${keychainLocation()} could not ${action} ${whose}: ${error instanceof Error ? error.message : String(error)}`, {
      hint: 'Unlock the keychain and try again; or set TIDEMARK_SECRET_STORE=pgpass-file to keep saved passwords in a 0600 file instead.',
      cause: error,
    });
  }
}
