import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TidemarkError } from '../../shared/domain/errors';
import type { ConnectionProfile, ConnectionTarget } from '../../shared/domain/profile';
import { findFreePort } from '../clusters/free-port';
import { runTool } from '../pgtools/run-tool';
import { createTestCluster, type TestCluster } from '../../test/harness/pg-cluster';
import { createTestServices, type TestServices } from '../../test/harness/test-services';
import { resolveConnection, type ConnectionSubject } from './connection';
import { openClient, withClient } from './open-client';
import { withToolEnvironment } from './tool-password-file';

/** The error a connection attempt ends with, and how long it took. */
async function failure(subject: ConnectionSubject, ctx: TestServices): Promise<{ error: TidemarkError; elapsedMs: number }> {
  const started = Date.now();
  try {
    const client = await openClient(await resolveConnection(ctx.services, subject));
    await client.end();
  } catch (error) {
    expect(error).toBeInstanceOf(TidemarkError);
    return { error: error as TidemarkError, elapsedMs: Date.now() - started };
  }
  throw new Error('the connection was expected to fail, and it succeeded');
}

function params(cluster: TestCluster, fields: Partial<Extract<ConnectionTarget, { kind: 'params' }>> = {}): ConnectionTarget {
  return { kind: 'params', host: '127.0.0.1', port: cluster.port, database: 'postgres', user: 'postgres', sslmode: 'prefer', ...fields };
}

function profileFor(target: ConnectionTarget, extra: Partial<ConnectionProfile> = {}): ConnectionProfile {
  const now = new Date().toISOString();
  return { id: `p-${Math.random().toString(36).slice(2)}`, name: 'test', target, createdAt: now, updatedAt: now, ...extra };
}

/** A TCP server on a free port that treats each connection with `onConnection`. */
async function fakeServer(onConnection: (socket: Socket) => void): Promise<{ port: number; close(): Promise<void> }> {
  const port = await findFreePort();
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('connecting to a real server', () => {
  let cluster: TestCluster;
  let ctx: TestServices;
  const savedEnv = { PGPASSWORD: process.env.PGPASSWORD, PGPASSFILE: process.env.PGPASSFILE, PGSERVICEFILE: process.env.PGSERVICEFILE };

  beforeAll(async () => {
    cluster = await createTestCluster();
    ctx = await createTestServices();
    // No password may leak in from the machine: every source below is set by the test itself.
    delete process.env.PGPASSWORD;
    process.env.PGPASSFILE = join(ctx.home, 'no-such-pgpass');
    await cluster.query(`create role reader login password 'reader-pw'`);
    await cluster.query(`create database "it's a db"`);
    await cluster.query(`create database locked`);
    await cluster.query(`revoke connect on database locked from public`);
  });
  afterAll(async () => {
    Object.assign(process.env, savedEnv);
    for (const [key, value] of Object.entries(savedEnv)) if (value === undefined) delete process.env[key];
    await cluster?.destroy();
    await ctx?.cleanup();
  });

  it('connects with a one-off password, and pg tools connect with the same resolution (quoted database name)', async () => {
    const resolved = await resolveConnection(ctx.services, { target: params(cluster, { database: "it's a db" }), password: cluster.password });
    expect(resolved.passwordSource).toBe('given');
    expect(resolved.dbnameArg).not.toContain(cluster.password);
    const name = await withClient(resolved, async (client) => (await client.query<{ db: string }>('select current_database() as db')).rows[0]!.db);
    expect(name).toBe("it's a db");
    const psql = await withToolEnvironment(resolved.toolCredentials, (env) =>
      runTool(
        `${cluster.binDir}/psql`,
        ['--no-psqlrc', '--tuples-only', '--no-align', '--dbname', resolved.dbnameArg, '--command', 'select current_database()'],
        {
          env,
        },
      ),
    );
    expect(psql.stdout.trim()).toBe("it's a db");
  });

  it('falls back from TLS to plain with sslmode=prefer, and stays plain with allow, on a server without TLS', async () => {
    for (const sslmode of ['prefer', 'allow'] as const) {
      const resolved = await resolveConnection(ctx.services, { target: params(cluster, { sslmode }), password: cluster.password });
      const ssl = await withClient(
        resolved,
        async (client) => (await client.query<{ ssl: boolean }>('select ssl from pg_stat_ssl where pid = pg_backend_pid()')).rows[0]!.ssl,
      );
      expect(ssl).toBe(false);
    }
  });

  it('takes the password from the secret store for a saved profile', async () => {
    const profile = profileFor(params(cluster));
    await ctx.services.secrets.set(profile, cluster.password);
    const resolved = await resolveConnection(ctx.services, { profile });
    expect(resolved.passwordSource).toBe('secret-store');
    expect(resolved.toolCredentials.password).toBe(cluster.password);
    expect(JSON.stringify(resolved.toolCredentials.env)).not.toContain(cluster.password);
    await (await openClient(resolved)).end();
  });

  it('hands tools the saved password in a password file that outranks a stale PGPASSWORD, removed after a failed run too', async () => {
    const profile = profileFor(params(cluster, { user: 'reader' }));
    await ctx.services.secrets.set(profile, 'reader-pw');
    const resolved = await resolveConnection(ctx.services, { profile });
    const psql = (sql: string) =>
      withToolEnvironment(resolved.toolCredentials, async (env) => {
        passfile = env.PGPASSFILE!;
        expect(env.PGPASSWORD).toBeUndefined();
        return runTool(`${cluster.binDir}/psql`, ['--no-psqlrc', '-tAc', sql, resolved.dbnameArg], { env });
      });
    let passfile = '';
    // libpq reads PGPASSWORD before PGPASSFILE: a stale one in the environment must not win.
    process.env.PGPASSWORD = 'stale-and-wrong';
    try {
      expect((await psql('select current_user')).stdout.trim()).toBe('reader');
      await expect(stat(passfile)).rejects.toMatchObject({ code: 'ENOENT' });
      await expect(psql('select * from no_such_table')).rejects.toMatchObject({ code: 'tool_failed' });
      await expect(stat(passfile)).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      delete process.env.PGPASSWORD;
    }
  });

  it("reads a managed cluster's pgpass file, and hands it to tools as PGPASSFILE", async () => {
    const profile = profileFor(params(cluster), { managedClusterId: 'sandbox-test' });
    const dir = join(ctx.services.paths.clustersDir, 'sandbox-test');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'pgpass'), `127.0.0.1:${cluster.port}:*:postgres:${cluster.password.replace(/:/g, '\\:')}\n`, { mode: 0o600 });
    const resolved = await resolveConnection(ctx.services, { profile });
    expect(resolved.passwordSource).toBe('managed-cluster');
    expect(resolved.toolCredentials).toEqual({ env: expect.objectContaining({ PGPASSFILE: join(dir, 'pgpass'), PGPASSWORD: undefined }), password: undefined });
    await (await openClient(resolved)).end();
  });

  it('honours PGPASSWORD and PGPASSFILE when nothing else has a password', async () => {
    const target = params(cluster, { user: 'reader' });
    process.env.PGPASSWORD = 'reader-pw';
    try {
      const resolved = await resolveConnection(ctx.services, { target });
      expect(resolved.passwordSource).toBe('PGPASSWORD');
      await (await openClient(resolved)).end();
    } finally {
      delete process.env.PGPASSWORD;
    }
    const passfile = join(ctx.home, 'user-pgpass');
    await writeFile(passfile, `# a comment\nother:1:*:*:nope\n127.0.0.1:${cluster.port}:*:reader:reader-pw\n`, { mode: 0o600 });
    process.env.PGPASSFILE = passfile;
    try {
      const resolved = await resolveConnection(ctx.services, { target });
      expect(resolved.passwordSource).toBe('pgpass-file');
      await (await openClient(resolved)).end();
    } finally {
      process.env.PGPASSFILE = join(ctx.home, 'no-such-pgpass');
    }
  });

  it('connects through a pg_service.conf service, for node-postgres and for tools', async () => {
    const serviceFile = join(ctx.home, 'pg_service.conf');
    await writeFile(serviceFile, `# test services\n[harness]\nhost=127.0.0.1\nport=${cluster.port}\nuser=reader\ndbname=postgres\nsslmode=disable\n`);
    process.env.PGSERVICEFILE = serviceFile;
    const resolved = await resolveConnection(ctx.services, { target: { kind: 'service', service: 'harness', database: "it's a db" }, password: 'reader-pw' });
    expect(resolved.label).toBe(`reader@127.0.0.1:${cluster.port}/it's a db`);
    expect(resolved.dbnameArg).toBe(`service='harness' dbname='it\\'s a db'`);
    const user = await withClient(resolved, async (client) => (await client.query<{ u: string }>('select current_user as u')).rows[0]!.u);
    expect(user).toBe('reader');
    const psql = await withToolEnvironment(resolved.toolCredentials, (env) =>
      runTool(`${cluster.binDir}/psql`, ['--no-psqlrc', '-tAc', "select current_user || '@' || current_database()", resolved.dbnameArg], { env }),
    );
    expect(psql.stdout.trim()).toBe("reader@it's a db");
  });

  it('takes the password out of a URI: node-postgres gets it, the tool argument does not', async () => {
    const uri = cluster.url('postgres', 'reader', 'reader-pw');
    const resolved = await resolveConnection(ctx.services, { target: { kind: 'uri', uri } });
    expect(resolved.dbnameArg).toBe(`postgresql://reader@127.0.0.1:${cluster.port}/postgres`);
    expect(resolved.toolCredentials.password).toBe('reader-pw');
    await (await openClient(resolved)).end();
  });

  it('a wrong password is auth_failed, fast, naming the server', async () => {
    const { error, elapsedMs } = await failure({ target: params(cluster), password: 'wrong' }, ctx);
    expect(error.code).toBe('auth_failed');
    expect(error.message).toContain(`127.0.0.1:${cluster.port}/postgres`);
    expect(error.hint).toBeTruthy();
    expect(elapsedMs).toBeLessThan(3_000);
  });

  it('no password at all is password_required', async () => {
    const { error } = await failure({ target: params(cluster, { user: 'reader' }) }, ctx);
    expect(error.code).toBe('password_required');
  });

  it('a missing database is database_not_found', async () => {
    const { error } = await failure({ target: params(cluster, { database: 'nope_db' }), password: cluster.password }, ctx);
    expect(error.code).toBe('database_not_found');
    expect(error.message).toContain('"nope_db"');
  });

  it('a missing role is role_not_found', async () => {
    // Over scram PostgreSQL hides whether a role exists (it reports a failed password); with a
    // trust line for the name, it says so. pg_hba.conf is read top down: the trust line goes first.
    const hba = join(cluster.dataDir, 'pg_hba.conf');
    await writeFile(hba, `host all ghost 127.0.0.1/32 trust\n${await readFile(hba, 'utf8')}`);
    await cluster.query('select pg_reload_conf()');
    const { error } = await failure({ target: params(cluster, { user: 'ghost' }), password: 'x' }, ctx);
    expect(error.code).toBe('role_not_found');
    expect(error.message).toContain('"ghost"');
    const overScram = await failure({ target: params(cluster, { user: 'ghost2' }), password: 'x' }, ctx);
    expect(overScram.error.code).toBe('auth_failed');
  });

  it('a database the role may not connect to is insufficient_privilege', async () => {
    const { error } = await failure({ target: params(cluster, { database: 'locked', user: 'reader' }), password: 'reader-pw' }, ctx);
    expect(error.code).toBe('insufficient_privilege');
    expect(error.hint).toContain('GRANT CONNECT');
  });

  it('sslmode=require against a server without TLS is tls_refused', async () => {
    const { error } = await failure({ target: params(cluster, { sslmode: 'require' }), password: cluster.password }, ctx);
    expect(error.code).toBe('tls_refused');
  });

  it('a closed port is connection_refused', async () => {
    const port = await findFreePort();
    const { error, elapsedMs } = await failure({ target: { ...params(cluster), port } as ConnectionTarget, password: 'x' }, ctx);
    expect(error.code).toBe('connection_refused');
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(elapsedMs).toBeLessThan(3_000);
  });

  it('an unresolvable host is host_not_found', async () => {
    const { error, elapsedMs } = await failure({ target: params(cluster, { host: 'no-such-host.invalid' }), password: 'x' }, ctx);
    expect(error.code).toBe('host_not_found');
    expect(error.message).toContain('no-such-host.invalid');
    expect(elapsedMs).toBeLessThan(6_000);
  });

  it('a port that answers in another protocol is not_postgres within a few seconds (TLS first or plain)', async () => {
    const http = await fakeServer((socket) => socket.once('data', () => socket.write('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n')));
    try {
      for (const sslmode of ['prefer', 'disable'] as const) {
        const { error, elapsedMs } = await failure({ target: { ...params(cluster, { sslmode }), port: http.port } as ConnectionTarget, password: 'x' }, ctx);
        expect(error.code).toBe('not_postgres');
        expect(elapsedMs).toBeLessThan(3_000);
      }
    } finally {
      await http.close();
    }
  });

  it('a port that speaks first (an SSH banner) is not_postgres', async () => {
    const ssh = await fakeServer((socket) => socket.write('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n'));
    try {
      const { error } = await failure({ target: { ...params(cluster, { sslmode: 'disable' }), port: ssh.port } as ConnectionTarget, password: 'x' }, ctx);
      expect(error.code).toBe('not_postgres');
    } finally {
      await ssh.close();
    }
  });

  it('a port that closes right after accepting is not_postgres', async () => {
    const closer = await fakeServer((socket) => socket.destroy());
    try {
      const { error, elapsedMs } = await failure({ target: { ...params(cluster), port: closer.port } as ConnectionTarget, password: 'x' }, ctx);
      expect(error.code).toBe('not_postgres');
      expect(elapsedMs).toBeLessThan(3_000);
    } finally {
      await closer.close();
    }
  });

  it('a port that accepts and stays silent is connection_timeout, after the connect timeout and not later', async () => {
    const silent = await fakeServer(() => undefined);
    try {
      const uri = `postgresql://postgres@127.0.0.1:${silent.port}/postgres?connect_timeout=2&sslmode=disable`;
      const { error, elapsedMs } = await failure({ target: { kind: 'uri', uri }, password: 'x' }, ctx);
      expect(error.code).toBe('connection_timeout');
      expect(elapsedMs).toBeGreaterThanOrEqual(1_900);
      expect(elapsedMs).toBeLessThan(4_000);
    } finally {
      await silent.close();
    }
  });
});
