// npm run bench:snapshot-crossover
//
// Where CREATE DATABASE ... TEMPLATE's STRATEGY FILE_COPY overtakes WAL_LOG (PostgreSQL 15's
// default) on this machine: databases of mixed random rows of growing size on a harness cluster
// with fsync on (as a real server runs), each copied both ways, best of two. The figure decides
// electron/snapshots/create-strategy.ts's threshold; DEVELOPERS.md records it.
import { createTestCluster } from '../test/harness/pg-cluster';
import { formatBytes } from '../shared/format/bytes';

const sizesMb = [8, 32, 128, 512];
const cluster = await createTestCluster({ settings: { fsync: true, shared_buffers: '128MB', max_wal_size: '4GB' } });
try {
  await cluster.query('create database src');
  let rowsSoFar = 0;
  console.log('size        WAL_LOG     FILE_COPY');
  for (const mb of sizesMb) {
    // ~130 bytes a row of mixed random data: text, numbers, a timestamp.
    const target = Math.round((mb * 1024 * 1024) / 130);
    if (target > rowsSoFar) {
      await cluster.query(
        `create table if not exists t (id int, a text, b float8, c timestamptz);
         insert into t select g, md5(random()::text) || md5(random()::text), random(), now() - random() * interval '900 days'
           from generate_series(${rowsSoFar + 1}, ${target}) g; checkpoint;`,
        [],
        'src',
      );
      rowsSoFar = target;
    }
    const size = Number((await cluster.query<{ s: string }>("select pg_database_size('src') as s"))[0]!.s);
    const times: Record<string, number> = {};
    for (const strategy of ['WAL_LOG', 'FILE_COPY']) {
      let best = Infinity;
      for (let round = 0; round < 2; round++) {
        const started = performance.now();
        await cluster.query(`create database copy template src strategy ${strategy}`);
        best = Math.min(best, performance.now() - started);
        await cluster.query('drop database copy');
      }
      times[strategy] = best;
    }
    console.log(`${formatBytes(size).padEnd(12)}${(times.WAL_LOG!.toFixed(0) + ' ms').padEnd(12)}${times.FILE_COPY!.toFixed(0)} ms`);
  }
} finally {
  await cluster.destroy();
}
