import type { ConnectionRef } from '../../shared/contract/backups';
import { resolveConnection, type ConnectionSubject, type PasswordSources, type ResolvedConnection } from './connection';
import type { ProfileStore } from './profile-store';
import type { ServerAccess } from './server-access';

/**
 * Turns what a request names (a saved profile's id, an ad-hoc target) into connections, with the
 * passwords from the secret store and managed clusters' pgpass files. Every service that talks to
 * a server receives this instead of the settings and secrets behind it.
 */
export class ConnectionResolver {
  constructor(
    private readonly profiles: ProfileStore,
    private readonly passwords: PasswordSources,
  ) {}

  resolve(subject: ConnectionSubject, overrides: { database?: string } = {}): Promise<ResolvedConnection> {
    return resolveConnection(this.passwords, subject, overrides);
  }

  /** The subject a contract request names: a saved profile by id, or an ad-hoc target. */
  subjectOf(ref: ConnectionRef): ConnectionSubject {
    if ('profileId' in ref) return { profile: this.profiles.get(ref.profileId) };
    return { target: ref.target, ...(ref.password ? { password: ref.password } : {}) };
  }

  access(subject: ConnectionSubject): ServerAccess {
    return {
      profile: 'profile' in subject ? subject.profile : null,
      subject,
      connect: (database) => this.resolve(subject, database ? { database } : {}),
    };
  }

  accessOf(ref: ConnectionRef): ServerAccess {
    return this.access(this.subjectOf(ref));
  }
}
