import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../shared/domain/errors';
import { connectionError, NotPostgresResponse, type AttemptContext } from './connection-errors';

const context: AttemptContext = {
  endpoint: { host: 'db1', port: 5433, database: 'sales', user: 'ops' },
  sslmode: 'prefer',
  passwordSource: 'given',
  usedTls: false,
  tcpConnected: true,
  bytesReceived: 12,
  timeoutMs: 5000,
};

/** An error shaped like node-postgres's DatabaseError (severity + SQLSTATE code). */
function serverError(code: string, message: string): Error {
  return Object.assign(new Error(message), { severity: 'FATAL', code });
}
function socketError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

describe('connectionError', () => {
  const cases: [string, unknown, Partial<AttemptContext>, ErrorCode][] = [
    ['DNS failure', socketError('ENOTFOUND', 'getaddrinfo ENOTFOUND db1'), { tcpConnected: false }, 'host_not_found'],
    ['DNS server unreachable', socketError('EAI_AGAIN'), { tcpConnected: false }, 'host_not_found'],
    ['nothing listening', socketError('ECONNREFUSED'), { tcpConnected: false }, 'connection_refused'],
    ['connect timeout', new Error('timeout expired'), { tcpConnected: false, bytesReceived: 0 }, 'connection_timeout'],
    ['wrong password', serverError('28P01', 'password authentication failed for user "ops"'), {}, 'auth_failed'],
    [
      'plain refused by hostssl',
      serverError('28000', 'no pg_hba.conf entry for host "10.0.0.1", user "ops", database "sales", no encryption'),
      {},
      'tls_required',
    ],
    [
      'plain refused, PostgreSQL 11 wording',
      serverError('28000', 'no pg_hba.conf entry for host "10.0.0.1", user "ops", database "sales", SSL off'),
      {},
      'tls_required',
    ],
    [
      'no hba line at all over TLS',
      serverError('28000', 'no pg_hba.conf entry for host "10.0.0.1", user "ops", database "sales", SSL encryption'),
      { usedTls: true },
      'auth_failed',
    ],
    ['server without TLS', new Error('The server does not support SSL connections'), { sslmode: 'require', usedTls: true }, 'tls_refused'],
    [
      'certificate not trusted',
      socketError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'),
      { sslmode: 'verify-full', usedTls: true },
      'tls_failed',
    ],
    [
      'certificate for another host',
      socketError('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"),
      { sslmode: 'verify-full', usedTls: true },
      'tls_failed',
    ],
    ['missing database', serverError('3D000', 'database "sales" does not exist'), {}, 'database_not_found'],
    ['missing role', serverError('28000', 'role "ops" does not exist'), {}, 'role_not_found'],
    ['no CONNECT privilege', serverError('42501', 'permission denied for database "sales"'), {}, 'insufficient_privilege'],
    ['junk first bytes', new NotPostgresResponse(Buffer.from('HTTP/1.1 400')), {}, 'not_postgres'],
    ['junk answer to SSLRequest', new Error('There was an error establishing an SSL connection'), { usedTls: true }, 'not_postgres'],
    ['closed without a byte', new Error('Connection terminated unexpectedly'), { bytesReceived: 0 }, 'not_postgres'],
    ['reset without a byte', socketError('ECONNRESET', 'read ECONNRESET'), { bytesReceived: 0 }, 'not_postgres'],
    ['closed mid-handshake', new Error('Connection terminated unexpectedly'), { bytesReceived: 9 }, 'server_error'],
    [
      'no password given (scram)',
      new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'),
      { passwordSource: 'none' },
      'password_required',
    ],
    ['too many connections', serverError('53300', 'sorry, too many clients already'), {}, 'server_error'],
  ];

  it.each(cases)('%s', (_name, error, overrides, code) => {
    const mapped = connectionError(error, { ...context, ...overrides });
    expect(mapped.code).toBe(code);
    // Every message names where it tried to go, and every error says what to do.
    expect(mapped.message).toContain('db1');
    expect(mapped.message).toContain('5433');
    expect(mapped.hint).toBeTruthy();
    expect(mapped.details).toMatchObject({ host: 'db1', port: 5433, database: 'sales' });
  });

  it('a wrong password hint names where the password came from', () => {
    const wrong = serverError('28P01', 'password authentication failed for user "ops"');
    expect(connectionError(wrong, { ...context, passwordSource: 'PGPASSWORD' }).hint).toContain('PGPASSWORD');
    expect(connectionError(wrong, { ...context, passwordSource: 'pgpass-file' }).hint).toContain('.pgpass');
  });

  it('a timeout after the TCP connection says the port may not be PostgreSQL', () => {
    const silent = connectionError(new Error('timeout expired'), { ...context, bytesReceived: 0 });
    expect(silent.code).toBe('connection_timeout');
    expect(silent.hint).toMatch(/other than PostgreSQL/);
  });

  it('a certificate from another CA gets a hint about sslrootcert', () => {
    const mapped = connectionError(socketError('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'), {
      ...context,
      sslmode: 'verify-ca',
      usedTls: true,
    });
    expect(mapped.hint).toContain('sslrootcert');
  });
});
