import type { ConnectionRef } from '../../shared/contract/backups';
import type { ConnectionProfile } from '../../shared/domain/profile';
import type { Services } from '../api/services';
import { repositoryRootFor } from '../backups/repositories';
import { subjectFromRef } from '../backups/server-access';
import { resolveConnection, type ConnectionSubject, type ResolvedConnection } from '../profiles/connection';

/** A request's server, resolved, with the repository it archives and backs up into. */
export interface ServerContext {
  subject: ConnectionSubject;
  profile: ConnectionProfile | null;
  connection: ResolvedConnection;
  /** The repository folder: the request's, else the profile's, else the app's. */
  repositoryRoot: string;
}

export async function serverContext(services: Services, ref: ConnectionRef, repositoryOverride?: string): Promise<ServerContext> {
  const subject = subjectFromRef(services, ref);
  const profile = 'profile' in subject ? subject.profile : null;
  return {
    subject,
    profile,
    connection: await resolveConnection(services, subject),
    repositoryRoot: repositoryRootFor(services, { repositoryDir: repositoryOverride, profile }),
  };
}
