import type { SecretStorageKind } from '../../shared/domain/app';
import { TidemarkError } from '../../shared/domain/errors';
import type { ConnectionProfile } from '../../shared/domain/profile';

/** Which store holds the secrets, in the terms AppInfo shows them. */
export interface SecretStorageInfo {
  kind: SecretStorageKind;
  /** Where, in words: "the macOS Keychain", the pgpass file's path. */
  location: string;
  /** Why the OS keychain is not used; null when it is (or for a store that never is one). */
  fallbackReason: string | null;
}

/**
 * Secrets that belong to no profile (a notification channel's SMTP password or webhook token),
 * by a stable name such as `notification-channel:<id>`. A consumer takes only this.
 */
export interface NamedSecrets {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** A saved profile's password, or a named secret. */
export type SecretKey = ConnectionProfile | string;

/**
 * The one place saved passwords live, the same for the Electron app, the CLI, browser mode and the
 * daemon: the OS keychain, or where there is none a 0600 pgpass-format file (see openSecretStore).
 * Never plain JSON in the settings. Every store keeps named secrets too.
 */
export interface SecretStore extends NamedSecrets {
  /** Which store this is; a store chosen on first use answers once it has probed the keychain. */
  storage(): Promise<SecretStorageInfo>;
  get(key: SecretKey): Promise<string | undefined>;
  set(key: SecretKey, value: string): Promise<void>;
  delete(key: SecretKey): Promise<void>;
}

// A keychain entry's account is the key: `profile:<id>` for a profile, the name itself for a named
// secret. These prefixes are the stores' own, so no name can stand for a profile's password.
const reservedPrefixes = ['profile:', 'probe:'];

/** The account a key is filed under (keychain entries, the memory store). */
export function secretAccount(key: SecretKey): string {
  return typeof key === 'string' ? checkedSecretName(key) : `profile:${key.id}`;
}

/** A named secret's name, refused when empty, too long, with control characters, or reserved. */
export function checkedSecretName(name: string): string {
  if (name.length === 0 || name.length > 200 || /[\p{Cc}]/u.test(name) || reservedPrefixes.some((prefix) => name.startsWith(prefix))) {
    throw new TidemarkError('invalid_input', `"${name.slice(0, 60)}" cannot name a secret.`, {
      hint: `Use 1 to 200 characters without line breaks, not starting with ${reservedPrefixes.join(' or ')} (for example notification-channel:<id>).`,
    });
  }
  return name;
}

/** Keeps secrets for this process only (tests, and hosts that must not write any). */
export class MemorySecretStore implements SecretStore {
  private readonly secrets = new Map<string, string>();
  async storage(): Promise<SecretStorageInfo> {
    return { kind: 'memory', location: 'this process only', fallbackReason: null };
  }
  async get(key: SecretKey) {
    return this.secrets.get(secretAccount(key));
  }
  async set(key: SecretKey, value: string) {
    this.secrets.set(secretAccount(key), value);
  }
  async delete(key: SecretKey) {
    this.secrets.delete(secretAccount(key));
  }
}
