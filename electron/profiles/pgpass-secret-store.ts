import type { ConnectionProfile } from '../../shared/domain/profile';
import type { SecretStore } from './secret-store';

// Placeholder until the profiles work lands: passwords kept for this process only.
export class PgpassSecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  private readonly passwords = new Map<string, string>();
  constructor(readonly homeDir: string) {}
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
