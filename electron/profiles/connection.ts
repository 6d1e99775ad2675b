import type pg from 'pg';
import type { ConnectionProfile, ConnectionTarget } from '../../shared/domain/profile';

/** Who to connect to: a saved profile, or an ad-hoc target (CLI --conn, an unsaved draft). */
export type ConnectionSubject =
  | { profile: ConnectionProfile; password?: string }
  | { target: ConnectionTarget; password?: string };

/**
 * A subject made ready for both kinds of client: node-postgres, and PostgreSQL's own tools.
 * Tools get the connection as a conninfo/URI without the password (`--dbname`) and the password
 * in PGPASSWORD, so it never appears in argv, a log or the command shown to the user.
 */
export interface ResolvedConnection {
  clientConfig: pg.ClientConfig;
  /** Pass as the tool's --dbname (conninfo or URI, no password). */
  dbnameArg: string;
  /** Extra environment for tools: PGPASSWORD, PGSSLROOTCERT, PGPASSFILE, … Never logged. */
  toolEnv: Record<string, string>;
  /** "user@host:port/db" for logs and the UI. */
  label: string;
  database: string | undefined;
}
