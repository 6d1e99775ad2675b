import type { ConnectionProfile } from '../../shared/domain/profile';
import type { ConnectionSubject, ResolvedConnection } from './connection';

/** A server a job talks to, and the profile it came from (recorded in manifests). */
export interface ServerAccess {
  profile: ConnectionProfile | null;
  subject: ConnectionSubject;
  /** The connection to `database`, or to the subject's own database when absent. */
  connect(database?: string): Promise<ResolvedConnection>;
}
