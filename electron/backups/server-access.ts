import type { ConnectionRef } from '../../shared/contract/backups';
import type { ConnectionProfile } from '../../shared/domain/profile';
import type { Services } from '../api/services';
import { resolveConnection, type ConnectionSubject, type ResolvedConnection } from '../profiles/connection';
import { ProfileStore } from '../profiles/profile-store';

/** A server a job talks to, and the profile it came from (recorded in manifests). */
export interface ServerAccess {
  profile: ConnectionProfile | null;
  subject: ConnectionSubject;
  /** The connection to `database`, or to the subject's own database when absent. */
  connect(database?: string): Promise<ResolvedConnection>;
}

export function serverAccessFor(services: Services, subject: ConnectionSubject): ServerAccess {
  return {
    profile: 'profile' in subject ? subject.profile : null,
    subject,
    connect: (database) => resolveConnection(services, subject, database ? { database } : {}),
  };
}

/** The subject a contract request names: a saved profile by id, or an ad-hoc target. */
export function subjectFromRef(services: Services, ref: ConnectionRef): ConnectionSubject {
  if ('profileId' in ref) return { profile: new ProfileStore(services.settings).get(ref.profileId) };
  return { target: ref.target, ...(ref.password ? { password: ref.password } : {}) };
}

export function serverAccessFromRef(services: Services, ref: ConnectionRef): ServerAccess {
  return serverAccessFor(services, subjectFromRef(services, ref));
}
