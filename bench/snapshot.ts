// npm run bench:snapshot -- [MB]
//
// Dev database snapshots against what developers use today, in one run on one harness cluster
// (fsync on, as a real server runs) with a database of mixed random rows (default 1024 MB):
//   Tidemark create (CREATE DATABASE ... TEMPLATE, strategy by size) against cp of the database's
//   files (cp -r base/<oid>, then sync); Tidemark restore by the fast path (renaming the prepared
//   copy) and the slow path (prepared copies off: from the template); DSLR's method (DROP, then
//   CREATE DATABASE ... TEMPLATE); pg_restore of a -Fc -Z0 dump into a fresh database.
// Goals (issue 13): fast restore under 0.3 s and at least 10x faster than the template method;
// create within 1.5x of cp. Run it as an ordinary user: runuser -u tidemark -- npm run bench:snapshot
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, createLocalApi } from '../electron/api/local-api';
import { createHandlers } from '../electron/api/handlers';
import { runTool } from '../electron/pgtools/run-tool';
import { formatBytes } from '../shared/format/bytes';
import { createTestCluster } from '../test/harness/pg-cluster';
import { createTestServices } from '../test/harness/test-services';

const targetMb = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1024);

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

const cluster = await createTestCluster({
  settings: { fsync: true, shared_buffers: '256MB', max_wal_size: '8GB', checkpoint_timeout: '30min', maintenance_work_mem: '256MB' },
});
const ctx = await createTestServices();
const work = await mkdtemp(join(tmpdir(), 'tidemark-bench-snapshot-'));
try {
  const api = createLocalApi(ctx.services, createHandlers(ctx.services));
  const env = { PGPASSWORD: cluster.password };
  const bin = (tool: string) => join(cluster.binDir, tool);
  const conninfo = (db: string) => `host=127.0.0.1 port=${cluster.port} user=postgres dbname=${db}`;
  const profile = await call(api, 'profiles.save', {
    name: 'bench',
    target: { kind: 'params', host: '127.0.0.1', port: cluster.port, database: 'postgres', user: 'postgres', sslmode: 'disable' },
    password: cluster.password,
    developmentServer: true,
    developmentServerConfirm: 'bench',
  });

  await cluster.query('create database app');
  await cluster.query(
    `create table orders (id bigint primary key, customer text, amount numeric(12, 2), placed_at timestamptz, tags jsonb, payload text);
     create table events (id bigserial primary key, kind int, at timestamptz, body bytea)`,
    [],
    'app',
  );
  let size = 0;
  for (let batch = 0; size < targetMb * 1024 * 1024; batch++) {
    await cluster.query(
      `insert into orders select g, md5(random()::text), (random() * 10000)::numeric(12, 2), now() - random() * interval '900 days',
              jsonb_build_object('a', random(), 'b', md5(random()::text)), md5(random()::text) || md5(random()::text) || md5(random()::text)
         from generate_series(${batch * 500_000 + 1}, ${(batch + 1) * 500_000}) g;
       insert into events (kind, at, body) select (random() * 20)::int, now() - random() * interval '30 days', decode(md5(random()::text) || md5(random()::text), 'hex')
         from generate_series(1, 250000)`,
      [],
      'app',
    );
    size = Number((await cluster.query<{ s: string }>("select pg_database_size('app') as s"))[0]!.s);
  }
  await cluster.query('vacuum analyze', [], 'app');
  await cluster.query('checkpoint');
  console.log(`database app: ${formatBytes(size)} of mixed random rows (orders, events)`);

  const oid = (await cluster.query<{ oid: number }>("select oid from pg_database where datname = 'app'"))[0]!.oid;
  const cp = await timed(async () => {
    await runTool('cp', ['-r', join(cluster.dataDir, 'base', String(oid)), join(cluster.root, 'cp-copy')]);
    await runTool('sync', []);
  });
  await rm(join(cluster.root, 'cp-copy'), { recursive: true, force: true });

  const created = await call(api, 'snapshots.create', { profileId: profile.id, database: 'app', name: 'bench' });
  await ctx.services.jobs.result(created.preparationJobId!, 'snapshots.prepare');
  await cluster.query('delete from orders where id % 10 = 0', [], 'app');
  const fast = await call(api, 'snapshots.restore', { snapshot: 'bench' });
  await ctx.services.jobs.result(fast.preparationJobId!, 'snapshots.prepare');
  await call(api, 'snapshots.setPreparedCopies', { snapshot: 'bench', enabled: false });
  const slow = await call(api, 'snapshots.restore', { snapshot: 'bench' });

  const dslr = await timed(async () => {
    await cluster.query('drop database app');
    await cluster.query(`create database app template ${created.snapshot.database}`);
  });

  const dump = join(work, 'app.dump');
  await runTool(bin('pg_dump'), ['-Fc', '-Z0', `--file=${dump}`, `--dbname=${conninfo(created.snapshot.database)}`], { env });
  const pgRestore = await timed(async () => {
    await cluster.query('drop database app');
    await cluster.query('create database app template template0');
    await runTool(bin('pg_restore'), [`--dbname=${conninfo('app')}`, dump], { env });
  });

  const rows: [string, number][] = [
    [`Tidemark create (${created.strategy})`, created.durationMs],
    ['cp -r of the database files + sync', cp.ms],
    [`Tidemark restore, fast path (${fast.path})`, fast.durationMs],
    [`Tidemark restore, slow path (${slow.path})`, slow.durationMs],
    ['DROP + CREATE DATABASE ... TEMPLATE (DSLR)', dslr.ms],
    ['pg_restore of a -Fc -Z0 dump', pgRestore.ms],
  ];
  for (const [label, value] of rows) console.log(`${label.padEnd(46)}${ms(value).padStart(10)}`);
  console.log(`fast restore vs DSLR's method: ${(dslr.ms / fast.durationMs).toFixed(1)}x faster (goal: >= 10x, under 300 ms)`);
  console.log(`fast restore vs pg_restore: ${(pgRestore.ms / fast.durationMs).toFixed(0)}x faster`);
  console.log(`create vs cp: ${(created.durationMs / cp.ms).toFixed(2)}x cp's time (goal: <= 1.5x)`);
} finally {
  await cluster.destroy();
  await ctx.cleanup();
  await rm(work, { recursive: true, force: true });
}
