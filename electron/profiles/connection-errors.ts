import { TidemarkError, isTidemarkError, type ErrorCode } from '../../shared/domain/errors';
import type { SslMode } from '../../shared/domain/profile';
import { quoteIdentifierIfNeeded } from '../../shared/domain/sql-identifier';
import { serverLabel, type ConnectionEndpoint } from './connection-endpoint';
import type { PasswordSource } from './connection';

/** What is known about a failed attempt, beyond the error itself. */
export interface AttemptContext {
  endpoint: ConnectionEndpoint;
  sslmode: SslMode;
  passwordSource: PasswordSource;
  /** Whether this attempt asked for TLS. */
  usedTls: boolean;
  /** The TCP connection was established (so DNS and routing worked). */
  tcpConnected: boolean;
  /** Bytes the server sent before the failure. */
  bytesReceived: number;
  timeoutMs: number;
}

/** Raised by openClient() when the first bytes a server sends are not PostgreSQL's protocol. */
export class NotPostgresResponse extends Error {
  constructor(readonly firstBytes: Buffer) {
    super('The server answered with something other than the PostgreSQL protocol');
  }
}

interface ErrorLike {
  message: string;
  code?: string;
  severity?: string;
}

/**
 * Maps what node-postgres and Node's sockets throw to a TidemarkError with a stable code, a
 * message naming host:port/database, and one sentence of what to do. SQLSTATEs are from
 * https://www.postgresql.org/docs/current/errcodes-appendix.html.
 */
export function connectionError(error: unknown, context: AttemptContext): TidemarkError {
  if (isTidemarkError(error)) return error;
  const err: ErrorLike = error instanceof Error ? (error as ErrorLike) : { message: String(error) };
  const { endpoint } = context;
  const where = serverLabel(endpoint);
  const hostPort = serverLabel({ ...endpoint, database: '' }).replace(/\/$/, '');
  const make = (code: ErrorCode, message: string, hint: string) =>
    new TidemarkError(code, message, {
      hint,
      cause: error,
      details: { host: endpoint.host, port: endpoint.port, database: endpoint.database, user: endpoint.user, ...(err.code ? { cause: err.code } : {}) },
    });
  const text = err.message ?? '';
  const sqlstate = err.severity && err.code && /^[0-9A-Z]{5}$/.test(err.code) ? err.code : undefined;

  if (error instanceof NotPostgresResponse) {
    const preview = error.firstBytes
      .subarray(0, 24)
      .toString('latin1')
      .replace(/[^\x20-\x7e]/g, '.');
    return make(
      'not_postgres',
      `${hostPort} is not a PostgreSQL server (it answered "${preview}") for ${where}.`,
      'Check the port: PostgreSQL usually listens on 5432, and this port runs something else.',
    );
  }
  if (sqlstate) return fromServer(sqlstate, text, context, make);

  switch (err.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return make(
        'host_not_found',
        `Host "${endpoint.host}" was not found (DNS lookup failed) when connecting to ${where}.`,
        'Check the host name, or use its IP address; a VPN or SSH tunnel may be needed to reach it.',
      );
    case 'ECONNREFUSED':
    case 'ENOENT': // a Unix socket that does not exist
      return make(
        'connection_refused',
        `Connection refused at ${hostPort} (for ${where}): nothing listens there.`,
        'Check that PostgreSQL is running and listens on this address and port (listen_addresses and port in postgresql.conf).',
      );
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return make(
        'connection_refused',
        `${hostPort} is unreachable (for ${where}): no route to the host.`,
        'Check the address and your network, VPN or firewall.',
      );
    case 'ETIMEDOUT':
      return timeout();
  }
  if (/timeout expired|timed out/i.test(text)) return timeout();
  if (text === 'The server does not support SSL connections') {
    return make(
      'tls_refused',
      `${hostPort} does not accept TLS connections, and sslmode is ${context.sslmode} (for ${where}).`,
      'Turn ssl on in the server (ssl_cert_file, ssl_key_file), or set sslmode to prefer or disable if an unencrypted connection is acceptable.',
    );
  }
  if (text === 'There was an error establishing an SSL connection' || /received invalid response/.test(text)) {
    return make(
      'not_postgres',
      `${hostPort} is not a PostgreSQL server: it did not answer in PostgreSQL's protocol (for ${where}).`,
      'Check the port: PostgreSQL usually listens on 5432.',
    );
  }
  if (isTlsFailure(err)) {
    return make('tls_failed', `The TLS connection to ${hostPort} failed: ${text} (for ${where}).`, tlsHint(err, context.sslmode));
  }
  if (context.passwordSource === 'none' && (/password must be a string/i.test(text) || error instanceof TypeError)) {
    return make(
      'password_required',
      `${where} asks for a password for user "${endpoint.user}", and none was given.`,
      'Save the password in the profile, or set PGPASSWORD or a ~/.pgpass entry.',
    );
  }
  const closedEarly = err.code === 'ECONNRESET' || err.code === 'EPIPE' || /Connection terminated unexpectedly/.test(text);
  if (closedEarly && context.tcpConnected && context.bytesReceived === 0) {
    return make(
      'not_postgres',
      `${hostPort} accepted the connection and closed it without a word: it is not PostgreSQL, or it rejects this client (for ${where}).`,
      'Check the port: PostgreSQL usually listens on 5432; a proxy or firewall may also drop the connection.',
    );
  }
  if (closedEarly) {
    return make(
      'server_error',
      `${hostPort} closed the connection during the handshake (for ${where}).`,
      'Look at the server log for the reason; the server may be restarting.',
    );
  }
  return make('server_error', `Connecting to ${where} failed: ${text}`, 'Look at the server log for details.');

  function timeout(): TidemarkError {
    const seconds = Math.round(context.timeoutMs / 100) / 10;
    if (context.tcpConnected) {
      return make(
        'connection_timeout',
        context.bytesReceived === 0
          ? `${hostPort} accepted the connection but sent nothing in ${seconds} s (for ${where}).`
          : `${hostPort} did not finish the PostgreSQL handshake in ${seconds} s (for ${where}).`,
        context.bytesReceived === 0
          ? 'The port may run something other than PostgreSQL; check the port number.'
          : 'The server may be overloaded or authentication (LDAP, RADIUS) is slow; try again, and look at the server log.',
      );
    }
    return make(
      'connection_timeout',
      `No answer from ${hostPort} within ${seconds} s (for ${where}).`,
      'Check the host and port, and that a firewall lets the connection through.',
    );
  }
}

type Make = (code: ErrorCode, message: string, hint: string) => TidemarkError;

function fromServer(sqlstate: string, text: string, context: AttemptContext, make: Make): TidemarkError {
  const { endpoint } = context;
  const where = serverLabel(endpoint);
  switch (sqlstate) {
    case '28P01':
      return make('auth_failed', `Password authentication failed for user "${endpoint.user}" at ${where}.`, passwordHint(context.passwordSource));
    case '3D000':
      return make(
        'database_not_found',
        `Database "${endpoint.database}" does not exist at ${serverLabel({ ...endpoint, database: '' }).replace(/\/$/, '')}.`,
        'Check the name (psql -l lists the databases), or connect to postgres to see what is there.',
      );
    case '42501':
      return make(
        'insufficient_privilege',
        `User "${endpoint.user}" may not connect to ${where}: ${text}.`,
        `Ask an administrator for it: GRANT CONNECT ON DATABASE ${quoteIdentifierIfNeeded(endpoint.database)} TO ${quoteIdentifierIfNeeded(endpoint.user)};`,
      );
    case '53300':
      return make('server_error', `${where} has no free connection slots: ${text}.`, 'Close idle sessions or raise max_connections.');
    case '57P03':
      return make(
        'server_error',
        `${where} is not accepting connections yet: ${text}.`,
        'The server is starting, shutting down or in recovery; try again in a moment.',
      );
    case '28000':
      if (/role .* does not exist/.test(text)) {
        return make(
          'role_not_found',
          `Role "${endpoint.user}" does not exist at ${where}.`,
          'Check the user name, or create the role (CREATE ROLE … LOGIN PASSWORD …).',
        );
      }
      if (/no pg_hba\.conf entry/.test(text) && !context.usedTls && /no encryption|SSL off/.test(text)) {
        return make(
          'tls_required',
          `${where} accepts this user only over TLS (pg_hba.conf has no entry for unencrypted connections), and sslmode is ${context.sslmode}.`,
          "Set sslmode to require, or verify-full with the server's CA certificate.",
        );
      }
      if (/no pg_hba\.conf entry|pg_hba\.conf rejects/.test(text)) {
        return make(
          'auth_failed',
          `${where} does not let user "${endpoint.user}" connect from this address: ${text}.`,
          'Ask the administrator for a pg_hba.conf line for this user, database and address.',
        );
      }
      return make('auth_failed', `Authentication failed at ${where}: ${text}.`, passwordHint(context.passwordSource));
  }
  if (sqlstate.startsWith('28')) return make('auth_failed', `Authentication failed at ${where}: ${text}.`, passwordHint(context.passwordSource));
  return make('server_error', `${where} refused the connection: ${text} (SQLSTATE ${sqlstate}).`, 'Look at the server log for details.');
}

function passwordHint(source: PasswordSource): string {
  switch (source) {
    case 'given':
      return 'Check the password and the user name.';
    case 'secret-store':
      return 'The password saved with the profile is wrong: save the current one (edit the profile, or `tidemark profile add NAME … --replace --password-stdin`).';
    case 'managed-cluster':
      return "The managed cluster's password file no longer matches; recreate the cluster's profile.";
    case 'service-file':
      return 'The password in the pg_service.conf entry is wrong: correct it there.';
    case 'PGPASSWORD':
      return 'The password in the PGPASSWORD environment variable is wrong: unset or correct it.';
    case 'pgpass-file':
      return 'The password from your .pgpass (or PGPASSFILE) entry is wrong: correct that line.';
    case 'none':
      return 'Save the password in the profile, or set PGPASSWORD or a ~/.pgpass entry.';
  }
}

function isTlsFailure(err: ErrorLike): boolean {
  const code = err.code ?? '';
  return /^ERR_(TLS|SSL)_|^EPROTO$|CERT|UNABLE_TO_|SIGNATURE|HOSTNAME/.test(code) || /certificate|self[- ]signed|SSL routines|TLS/i.test(err.message);
}

function tlsHint(err: ErrorLike, sslmode: SslMode): string {
  if (/ALTNAME|HOSTNAME|Hostname\/IP does not match/i.test(`${err.code} ${err.message}`)) {
    return "The server's certificate is for another host name: connect with the name it was issued for, or use sslmode=verify-ca.";
  }
  if (sslmode === 'verify-ca' || sslmode === 'verify-full') {
    return "The server's certificate is not signed by the CA file you gave: pick the CA that issued it (sslrootcert), or use sslmode=require to encrypt without verifying.";
  }
  return "Check the server's TLS settings (ssl_cert_file, ssl_key_file) and the client certificate, if any.";
}
