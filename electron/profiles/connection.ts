import { homedir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import type { ConnectionProfile, ConnectionTarget, SslMode } from '../../shared/domain/profile';
import type { SecretStore } from './secret-store';
import { formatConnectionUri, formatConninfo } from './conninfo';
import { endpointLabel, endpointOf, pgpassHost, targetKeywords, withServiceSettings, type ConnectionEndpoint } from './connection-endpoint';
import { passwordFromPgpassFile } from './pgpass-file';
import { parseSslMode, pgSslOption } from './ssl-options';
import type { ToolCredentials } from './tool-password-file';

/** Who to connect to: a saved profile, or an ad-hoc target (CLI --conn, an unsaved draft). */
export type ConnectionSubject = { profile: ConnectionProfile; password?: string } | { target: ConnectionTarget; password?: string };

/**
 * Every connection attempt gives up after this long, so a black-holed host or a port that never
 * answers yields connection_timeout instead of a hang. Tools get the same limit (PGCONNECT_TIMEOUT).
 */
export const connectionTimeoutMs = 5_000;

/** Where the password came from, so an authentication error can say which one was wrong. */
export type PasswordSource = 'given' | 'secret-store' | 'managed-cluster' | 'service-file' | 'PGPASSWORD' | 'pgpass-file' | 'none';

/**
 * A subject made ready for both kinds of client: node-postgres, and PostgreSQL's own tools.
 * Tools get the connection as a conninfo/URI without the password (`--dbname`) and the password
 * in a temporary password file (withToolEnvironment), so it never appears in argv, a log, the
 * command shown to the user, or the tool's environment.
 */
export interface ResolvedConnection {
  clientConfig: pg.ClientConfig;
  /** Pass as the tool's --dbname (conninfo or URI, no password). */
  dbnameArg: string;
  /** For tools: run them inside withToolEnvironment(toolCredentials, …). Never logged. */
  toolCredentials: ToolCredentials;
  /** "user@host:port/db" for logs and the UI. */
  label: string;
  database: string | undefined;
  /** Host, port, database and user after libpq's defaults: error messages name these. */
  endpoint: ConnectionEndpoint;
  /** The sslmode in effect; openClient() does the fallback of allow and prefer. */
  sslmode: SslMode;
  passwordSource: PasswordSource;
}

/** Where passwords are kept besides the subject itself and libpq's own sources. */
export interface PasswordSources {
  readonly secrets: SecretStore;
  /** Managed clusters' folders, each with its pgpass file. */
  readonly paths: { readonly clustersDir: string };
}

/**
 * Resolves a subject without touching the network. Password sources, first found wins: the
 * subject's one-off password (or one inside a URI), the secret store, a managed cluster's pgpass
 * file, the service file, PGPASSWORD, then PGPASSFILE / ~/.pgpass, the order libpq uses for the
 * last three (https://www.postgresql.org/docs/current/libpq-pgpass.html).
 */
export async function resolveConnection(
  passwords: PasswordSources,
  subject: ConnectionSubject,
  overrides: { database?: string } = {},
): Promise<ResolvedConnection> {
  const env = process.env;
  const profile = 'profile' in subject ? subject.profile : undefined;
  const target = profile ? profile.target : (subject as { target: ConnectionTarget }).target;
  const { password: passwordInTarget, ...toolKeywords } = targetKeywords(target, overrides);
  const keywords = await withServiceSettings(toolKeywords, env);
  const endpoint = endpointOf(keywords, env);
  const pgpassKey = { host: pgpassHost(endpoint), port: endpoint.port, database: endpoint.database, user: endpoint.user };
  const overTcp = !endpoint.host.startsWith('/');
  // libpq ignores sslmode on Unix sockets; node-postgres would try TLS there and fail.
  const sslmode = overTcp ? parseSslMode(keywords.sslmode ?? env.PGSSLMODE) : 'disable';

  const managedPassfile = profile?.managedClusterId ? join(passwords.paths.clustersDir, profile.managedClusterId, 'pgpass') : undefined;
  // The last three libpq finds by itself for tools; node-postgres gets them here, so that it
  // neither prints pg's pgpass deprecation warning nor differs from the tools.
  const sources: [PasswordSource, () => Promise<string | undefined> | string | undefined][] = [
    ['given', () => subject.password ?? passwordInTarget],
    ['secret-store', () => (profile ? passwords.secrets.get(profile) : undefined)],
    ['managed-cluster', () => (managedPassfile ? passwordFromPgpassFile(managedPassfile, pgpassKey) : undefined)],
    ['service-file', () => keywords.password],
    ['PGPASSWORD', () => env.PGPASSWORD],
    ['pgpass-file', () => passwordFromPgpassFile(env.PGPASSFILE ?? defaultPgpassPath(), pgpassKey)],
  ];
  let password: string | undefined;
  let passwordSource: PasswordSource = 'none';
  for (const [source, read] of sources) {
    const value = await read();
    if (value) {
      password = value;
      passwordSource = source;
      break;
    }
  }

  // Tools inherit the environment (PGPASSWORD, PGPASSFILE, PGSERVICEFILE…) and find those
  // passwords themselves; only what Tidemark itself holds is handed over, and it outranks a stale
  // PGPASSWORD as it does for node-postgres. A managed cluster's own pgpass file is one already.
  const toolEnv: Record<string, string | undefined> = { PGCONNECT_TIMEOUT: String(Math.ceil(connectionTimeoutMs / 1000)) };
  let toolPassword: string | undefined;
  if (passwordSource === 'managed-cluster' && managedPassfile) Object.assign(toolEnv, { PGPASSFILE: managedPassfile, PGPASSWORD: undefined });
  else if (passwordSource === 'given' || passwordSource === 'secret-store') toolPassword = password;

  const ssl = await pgSslOption(sslmode, keywords, env);
  // With hostaddr, the TCP address and the name the certificate must carry differ.
  if (ssl && keywords.hostaddr && keywords.host) ssl.servername = keywords.host;
  const clientConfig: pg.ClientConfig = {
    host: keywords.hostaddr || endpoint.host,
    port: endpoint.port,
    database: endpoint.database,
    user: endpoint.user,
    password,
    ssl,
    connectionTimeoutMillis: timeoutMsFrom(keywords.connect_timeout),
    application_name: keywords.application_name || 'Tidemark',
    ...(keywords.options ? { options: keywords.options } : {}),
  };

  return {
    clientConfig,
    dbnameArg: target.kind === 'uri' ? formatConnectionUri(toolKeywords) : formatConninfo(toolKeywords),
    toolCredentials: { env: toolEnv, password: toolPassword },
    label: endpointLabel(endpoint),
    database: endpoint.database,
    endpoint,
    sslmode,
    passwordSource,
  };
}

/** libpq's connect_timeout (seconds, at least 2) when the target sets one, else ours. */
function timeoutMsFrom(connectTimeout: string | undefined): number {
  const seconds = Number(connectTimeout);
  return connectTimeout && Number.isFinite(seconds) && seconds > 0 ? Math.max(2, seconds) * 1000 : connectionTimeoutMs;
}

function defaultPgpassPath(): string {
  return process.platform === 'win32' ? join(process.env.APPDATA ?? homedir(), 'postgresql', 'pgpass.conf') : join(homedir(), '.pgpass');
}
