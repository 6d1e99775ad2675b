import type { ConnectionRef } from '../../shared/contract/backups';
import type { ConnectionProfile } from '../../shared/domain/profile';
import type { Services } from '../api/services';
import { type ConnectionSubject, type ResolvedConnection } from '../profiles/connection';

/** A request's server, resolved, with the repository it archives and backs up into. */
export interface ServerContext {
  subject: ConnectionSubject;
  profile: ConnectionProfile | null;
  connection: ResolvedConnection;
  /** The repository folder: the request's, else the profile's, else the app's. */
  repositoryRoot: string;
}

export async function serverContext(services: Services, ref: ConnectionRef, repositoryOverride?: string): Promise<ServerContext> {
  const subject = services.connections.subjectOf(ref);
  const profile = 'profile' in subject ? subject.profile : null;
  return {
    subject,
    profile,
    connection: await services.connections.resolve(subject),
    repositoryRoot: services.repositories.rootFor({ repositoryDir: repositoryOverride, profile }),
  };
}
