import type { AppInfo } from '../../shared/domain/app';
import type { ConnectionProfile } from '../../shared/domain/profile';

/**
 * Where saved passwords live. Never plain JSON: the Electron app encrypts with the OS keychain
 * (safeStorage); plain-Node hosts (CLI, browser mode) use a pgpass-format file, as libpq does.
 */
export interface SecretStore {
  readonly kind: AppInfo['secretStorage'];
  get(profile: ConnectionProfile): Promise<string | undefined>;
  set(profile: ConnectionProfile, password: string): Promise<void>;
  delete(profile: ConnectionProfile): Promise<void>;
}

/**
 * Secrets that belong to no profile (a notification channel's SMTP password or webhook token),
 * by a stable name such as `notification-channel:<id>`. Every SecretStore is to provide it (issue 11);
 * a consumer takes only this.
 */
export interface NamedSecrets {
  get(name: string): Promise<string | undefined>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

/** Keeps passwords for this process only (used where nothing safer is available). */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  private readonly passwords = new Map<string, string>();
  async get(profile: ConnectionProfile) {
    return this.passwords.get(profile.id);
  }
  async set(profile: ConnectionProfile, password: string) {
    this.passwords.set(profile.id, password);
  }
  async delete(profile: ConnectionProfile) {
    this.passwords.delete(profile.id);
  }
}
