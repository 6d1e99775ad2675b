import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { discoverTools, pickTool } from '../../electron/pgtools/discovery';
import { findFreePort } from '../../electron/clusters/free-port';
import { initCluster, startCluster, stopCluster, type ClusterBinaries } from '../../electron/clusters/local-cluster';

/**
 * The one harness every integration test uses: a real PostgreSQL cluster made with initdb in a
 * temporary folder, on a free port, with password authentication, removed by destroy().
 */
export interface TestCluster {
  readonly dataDir: string;
  readonly root: string;
  readonly port: number;
  readonly superuser: string;
  readonly password: string;
  readonly binDir: string;
  readonly majorVersion: number;
  readonly binaries: ClusterBinaries;
  /** postgresql://user:password@127.0.0.1:port/db */
  url(database?: string, user?: string, password?: string): string;
  /** A connected client; the caller ends it. */
  client(database?: string): Promise<pg.Client>;
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[], database?: string): Promise<R[]>;
  start(): Promise<void>;
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  destroy(): Promise<void>;
}

export interface TestClusterOptions {
  settings?: Record<string, string | number | boolean>;
  majorVersion?: number;
}

export const testPassword = 'harness-secret-Pw1';

export async function testBinaries(majorVersion?: number): Promise<{ binaries: ClusterBinaries; binDir: string; major: number }> {
  const inventory = await discoverTools({ overrideDir: process.env.TIDEMARK_TEST_PG_BIN ?? null });
  const initdb = pickTool(inventory, 'initdb', majorVersion ?? null, 'same-major');
  const pgCtl = pickTool(inventory, 'pg_ctl', initdb.installation.major, 'same-major');
  return { binaries: { initdb: initdb.path, pgCtl: pgCtl.path }, binDir: initdb.installation.binDir, major: initdb.installation.major };
}

export async function createTestCluster(options: TestClusterOptions = {}): Promise<TestCluster> {
  const { binaries, binDir, major } = await testBinaries(options.majorVersion);
  const root = await mkdtemp(join(tmpdir(), 'tidemark-pg-'));
  const dataDir = join(root, 'data');
  const port = await findFreePort();
  const superuser = 'postgres';
  await initCluster({
    binaries,
    dataDir,
    superuser,
    password: testPassword,
    port,
    settings: { fsync: false, full_page_writes: true, max_connections: 30, shared_buffers: '32MB', ...options.settings },
  });
  const logFile = join(root, 'server.log');
  await startCluster({ binaries, dataDir, port, logFile });

  const url = (database = 'postgres', user = superuser, password = testPassword) =>
    `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  const client = async (database = 'postgres') => {
    const c = new pg.Client({ connectionString: url(database) });
    await c.connect();
    return c;
  };
  return {
    dataDir,
    root,
    port,
    superuser,
    password: testPassword,
    binDir,
    majorVersion: major,
    binaries,
    url,
    client,
    async query(sql, params, database) {
      const c = await client(database);
      try {
        return (await c.query(sql, params)).rows;
      } finally {
        await c.end();
      }
    },
    start: () => startCluster({ binaries, dataDir, port, logFile }),
    stop: (mode = 'fast') => stopCluster(binaries, dataDir, mode),
    async destroy() {
      await stopCluster(binaries, dataDir, 'immediate').catch(() => undefined);
      await rm(root, { recursive: true, force: true });
    },
  };
}
