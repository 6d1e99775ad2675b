import type { ConnectionRef } from '../../shared/contract/backups';
import type { ConnectionProfile } from '../../shared/domain/profile';
import { type ConnectionSubject, type ResolvedConnection } from '../profiles/connection';
import type { ConnectionResolver } from '../profiles/connection-resolver';
import type { Repositories } from '../repository/repositories';

/** A request's server, resolved, with the repository it archives and backs up into. */
export interface ServerContext {
  subject: ConnectionSubject;
  profile: ConnectionProfile | null;
  connection: ResolvedConnection;
  /** The repository folder: the request's, else the profile's, else the app's. */
  repositoryRoot: string;
}

/** All serverContext reads; a service passes its own deps object, which has these two fields. */
export interface ServerContextDeps {
  readonly connections: ConnectionResolver;
  readonly repositories: Repositories;
}

export async function serverContext(deps: ServerContextDeps, ref: ConnectionRef, repositoryOverride?: string): Promise<ServerContext> {
  const subject = deps.connections.subjectOf(ref);
  const profile = 'profile' in subject ? subject.profile : null;
  return {
    subject,
    profile,
    connection: await deps.connections.resolve(subject),
    repositoryRoot: deps.repositories.rootFor({ repositoryDir: repositoryOverride, profile }),
  };
}
