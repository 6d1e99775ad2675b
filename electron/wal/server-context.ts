import type { ServerRef } from '../../shared/contract/server-ref';
import type { ConnectionProfile } from '../../shared/domain/profile';
import { repositoryDir, type Services } from '../api/services';
import { resolveConnection, type ConnectionSubject, type ResolvedConnection } from '../profiles/connection';
import { ProfileStore } from '../profiles/profile-store';

/** A request's server, resolved, with the repository it archives and backs up into. */
export interface ServerContext {
  subject: ConnectionSubject;
  profile: ConnectionProfile | null;
  connection: ResolvedConnection;
  /** The repository folder: the request's, else the profile's, else the app's. */
  repositoryRoot: string;
}

export function subjectFromRef(services: Services, ref: ServerRef): ConnectionSubject {
  if ('profileId' in ref) return { profile: new ProfileStore(services.settings).get(ref.profileId) };
  return { target: ref.target, ...(ref.password ? { password: ref.password } : {}) };
}

export async function serverContext(services: Services, ref: ServerRef, repositoryOverride?: string): Promise<ServerContext> {
  const subject = subjectFromRef(services, ref);
  const profile = 'profile' in subject ? subject.profile : null;
  return {
    subject,
    profile,
    connection: await resolveConnection(services, subject),
    repositoryRoot: repositoryOverride ?? profile?.repositoryDir ?? repositoryDir(services),
  };
}
