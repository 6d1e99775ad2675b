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
