import { userInfo } from 'node:os';
import { TidemarkError } from '../../shared/domain/errors';
import type { ConnectionTarget } from '../../shared/domain/profile';
import { parseConnectionUri, type ConninfoKeywords } from './conninfo';
import { readService } from './service-file';

/** Where a connection really goes once defaults are applied: for messages, labels and pgpass. */
export interface ConnectionEndpoint {
  /** A host name, an IP address, or a Unix socket folder (starts with /). */
  host: string;
  port: number;
  database: string;
  user: string;
}

/** A target as libpq keywords, exactly as the user gave it (a URI may carry a password). */
export function targetKeywords(target: ConnectionTarget, overrides: { database?: string } = {}): ConninfoKeywords {
  let keywords: ConninfoKeywords;
  switch (target.kind) {
    case 'params':
      keywords = {
        host: target.host,
        port: String(target.port),
        dbname: target.database,
        user: target.user,
        sslmode: target.sslmode,
        ...(target.sslrootcert ? { sslrootcert: target.sslrootcert } : {}),
      };
      break;
    case 'uri':
      keywords = parseConnectionUri(target.uri);
      break;
    case 'service':
      keywords = { service: target.service, ...(target.database ? { dbname: target.database } : {}) };
      break;
  }
  if (overrides.database) keywords.dbname = overrides.database;
  return keywords;
}

/** Keywords with a named service's settings filled in underneath (explicit keywords win, as in libpq). */
export async function withServiceSettings(keywords: ConninfoKeywords, env: NodeJS.ProcessEnv = process.env): Promise<ConninfoKeywords> {
  if (!keywords.service) return keywords;
  const { service: _name, ...fromFile } = await readService(keywords.service, env);
  return { ...fromFile, ...keywords };
}

/** libpq's defaults for what the keywords leave out: PGHOST, PGPORT, PGUSER, PGDATABASE, then built-ins. */
export function endpointOf(keywords: ConninfoKeywords, env: NodeJS.ProcessEnv = process.env): ConnectionEndpoint {
  const host = keywords.host || env.PGHOST || 'localhost';
  const portText = keywords.port || env.PGPORT || '5432';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
    throw new TidemarkError('invalid_input', `Port "${portText}" is not a TCP port (1-65535).`, {
      hint: 'PostgreSQL listens on 5432 unless it was configured otherwise.',
    });
  }
  const user = keywords.user || env.PGUSER || osUser();
  const database = keywords.dbname || env.PGDATABASE || user;
  return { host, port, database, user };
}

/** The endpoint of a saved target (a service is read from its file). */
export async function endpointOfTarget(target: ConnectionTarget, env: NodeJS.ProcessEnv = process.env): Promise<ConnectionEndpoint> {
  return endpointOf(await withServiceSettings(targetKeywords(target), env), env);
}

/** "user@host:port/db", the way logs and the UI name a connection. */
export function endpointLabel(endpoint: ConnectionEndpoint): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return `${endpoint.user}@${host}:${endpoint.port}/${endpoint.database}`;
}

/** "host:port/db", how error messages name the server. */
export function serverLabel(endpoint: Pick<ConnectionEndpoint, 'host' | 'port' | 'database'>): string {
  const host = endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host;
  return `${host}:${endpoint.port}/${endpoint.database}`;
}

/** pgpass files name a Unix-socket connection "localhost" (libpq does the same). */
export function pgpassHost(endpoint: ConnectionEndpoint): string {
  return endpoint.host.startsWith('/') ? 'localhost' : endpoint.host;
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'postgres';
  }
}
