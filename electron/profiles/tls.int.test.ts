import { execa } from 'execa';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TidemarkError } from '../../shared/domain/errors';
import type { ConnectionTarget, SslMode } from '../../shared/domain/profile';
import { runTool } from '../pgtools/run-tool';
import { createTestCluster, type TestCluster } from '../../test/harness/pg-cluster';
import { createTestServices, type TestServices } from '../../test/harness/test-services';
import { resolveConnection, type ConnectionSubject } from './connection';
import { openClient } from './open-client';
import { inspectServer } from './server-report';
import { withToolEnvironment } from './tool-password-file';

// The server's certificate names only this host, so 127.0.0.1 passes verify-ca but not verify-full.
const certHost = 'db.tidemark.test';

/** A self-signed certificate (its own CA) with an EC key, made by openssl. */
async function selfSigned(dir: string, name: string, subjectAltName: string): Promise<{ cert: string; key: string }> {
  const cert = join(dir, `${name}.crt`);
  const key = join(dir, `${name}.key`);
  await execa('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
    '-addext',
    `subjectAltName=${subjectAltName}`,
  ]);
  await execa('chmod', ['600', key]);
  return { cert, key };
}

describe('TLS: a server that accepts only hostssl connections', () => {
  let cluster: TestCluster;
  let ctx: TestServices;
  let certDir: string;
  let serverCert: string;
  let otherCa: string;

  const target = (sslmode: SslMode, sslrootcert?: string, host = '127.0.0.1'): ConnectionTarget => ({
    kind: 'params',
    host,
    port: cluster.port,
    database: 'postgres',
    user: 'postgres',
    sslmode,
    ...(sslrootcert ? { sslrootcert } : {}),
  });
  async function connects(subject: ConnectionSubject): Promise<boolean> {
    const client = await openClient(await resolveConnection(ctx.services, subject));
    try {
      return (await client.query<{ ssl: boolean }>('select ssl from pg_stat_ssl where pid = pg_backend_pid()')).rows[0]!.ssl;
    } finally {
      await client.end();
    }
  }
  async function failure(subject: ConnectionSubject): Promise<TidemarkError> {
    const error = await connects(subject).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TidemarkError);
    return error as TidemarkError;
  }

  beforeAll(async () => {
    certDir = await mkdtemp(join(tmpdir(), 'tidemark-tls-'));
    const server = await selfSigned(certDir, 'server', `DNS:${certHost}`);
    serverCert = server.cert;
    otherCa = (await selfSigned(certDir, 'other-ca', 'DNS:other.invalid')).cert;
    cluster = await createTestCluster({ settings: { ssl: true, ssl_cert_file: server.cert, ssl_key_file: server.key } });
    // TLS or nothing over TCP: a hostssl-only pg_hba.conf, reloaded with pg_ctl since the harness's
    // own plain connections stop working from here on.
    await writeFile(
      join(cluster.dataDir, 'pg_hba.conf'),
      ['local all all peer', 'hostssl all all 127.0.0.1/32 scram-sha-256', 'hostssl all all ::1/128 scram-sha-256', ''].join('\n'),
    );
    await execa(cluster.binaries.pgCtl, ['reload', '-D', cluster.dataDir]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    ctx = await createTestServices();
  });
  afterAll(async () => {
    await cluster?.destroy();
    await ctx?.cleanup();
    if (certDir) await rm(certDir, { recursive: true, force: true });
  });

  it('sslmode=disable is tls_required, naming the server', async () => {
    const error = await failure({ target: target('disable'), password: cluster.password });
    expect(error.code).toBe('tls_required');
    expect(error.message).toContain(`127.0.0.1:${cluster.port}/postgres`);
    expect(error.hint).toMatch(/sslmode/);
  });

  it('prefer and require encrypt; allow starts plain, is refused, and retries with TLS', async () => {
    for (const sslmode of ['prefer', 'require', 'allow'] as const) {
      expect(await connects({ target: target(sslmode), password: cluster.password })).toBe(true);
    }
    const report = await inspectServer(ctx.services, { target: target('prefer'), password: cluster.password });
    expect(report.facts.ssl).toBe(true);
  });

  it('verify-ca with the right CA connects; with another CA it is tls_failed', async () => {
    expect(await connects({ target: target('verify-ca', serverCert), password: cluster.password })).toBe(true);
    const error = await failure({ target: target('verify-ca', otherCa), password: cluster.password });
    expect(error.code).toBe('tls_failed');
    expect(error.hint).toMatch(/CA/);
  });

  it('verify-full checks the host name: a wrong CA or a name the certificate lacks is tls_failed', async () => {
    const wrongCa = await failure({ target: target('verify-full', otherCa), password: cluster.password });
    expect(wrongCa.code).toBe('tls_failed');
    const wrongName = await failure({ target: target('verify-full', serverCert), password: cluster.password });
    expect(wrongName.code).toBe('tls_failed');
    expect(wrongName.hint).toMatch(/host name/);
  });

  it("verify-full with the certificate's host name (hostaddr to reach it) connects, for node-postgres and psql alike", async () => {
    const uri = `postgresql://postgres@${certHost}:${cluster.port}/postgres?hostaddr=127.0.0.1&sslmode=verify-full&sslrootcert=${encodeURIComponent(serverCert)}`;
    const resolved = await resolveConnection(ctx.services, { target: { kind: 'uri', uri }, password: cluster.password });
    const client = await openClient(resolved);
    await client.end();
    const psql = await withToolEnvironment(resolved.toolCredentials, (env) =>
      runTool(`${cluster.binDir}/psql`, ['--no-psqlrc', '-tAc', 'select ssl from pg_stat_ssl where pid = pg_backend_pid()', resolved.dbnameArg], { env }),
    );
    expect(psql.stdout.trim()).toBe('t');
  });

  it('a CA file that cannot be read is tls_failed before any connection', async () => {
    const error = await failure({ target: target('verify-full', join(certDir, 'missing.crt')), password: cluster.password });
    expect(error.code).toBe('tls_failed');
    expect(error.message).toContain('missing.crt');
  });
});
