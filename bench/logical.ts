// npm run bench:logical -- [SCALE] [--random] [--rounds N]
//
// A pgbench database of the given scale (default 10) on a harness cluster, backed up and restored
// through Tidemark and through raw pg_dump / pg_restore with the same options (custom format,
// --no-owner --no-privileges), alternating, best of N rounds each. Prints both side by side and
// the time ratio. --random adds a table of random, barely compressible rows, because pgbench data
// compresses 15-55x and flatters every compressed figure (DEVELOPERS.md).
//
// What Tidemark does on top of the raw tools, and so what the ratio measures: row counts in the
// dump's snapshot, pg_dumpall --globals-only, pg_restore --list read-back, SHA-256 and fsync of
// every file; on restore, the checksums before anything is touched and the row counts after.
// Run it as an ordinary user (PostgreSQL refuses root): runuser -u tidemark -- npm run bench:logical -- 50
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, createLocalApi } from '../electron/api/local-api';
import { createHandlers } from '../electron/api/handlers';
import { sizeOnDisk } from '../electron/backups/dump-progress';
import { jobResult } from '../test/support/job-test-support';
import { runTool } from '../electron/pgtools/run-tool';
import type { LogicalBackupResult } from '../shared/domain/backup';
import type { RestoreResult } from '../shared/domain/restore';
import { createTestCluster } from '../test/harness/pg-cluster';
import { createTestServices } from '../test/harness/test-services';
import { formatBytes } from '../shared/format/bytes';

const args = process.argv.slice(2);
const scale = Number(args.find((a) => /^\d+$/.test(a)) ?? 10);
const withRandom = args.includes('--random');
const roundsArg = args.indexOf('--rounds');
const rounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : 2;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  console.log(`pgbench scale ${scale}${withRandom ? ' + random table' : ''}, ${rounds} round(s) each, best time kept`);
  const cluster = await createTestCluster({ settings: { max_wal_size: '2GB', checkpoint_timeout: '30min', maintenance_work_mem: '256MB' } });
  const ctx = await createTestServices();
  const work = await mkdtemp(join(tmpdir(), 'tidemark-bench-'));
  try {
    const env = { PGPASSWORD: cluster.password };
    const bin = (tool: string) => join(cluster.binDir, tool);
    const conninfo = (db: string) => `host=127.0.0.1 port=${cluster.port} user=postgres dbname=${db}`;
    await cluster.query('create database bench');
    const init = await timed(() =>
      runTool(bin('pgbench'), ['-i', '-q', '-s', String(scale), '-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'postgres', 'bench'], {
        env,
        captureStdout: false,
      }),
    );
    if (withRandom) {
      await cluster.query(
        `create table random_rows as
           select g as id, md5(random()::text) || md5(random()::text) as t, decode(md5(random()::text) || md5(random()::text), 'hex') as b, random() * 1e6 as f
             from generate_series(1, ${scale * 20_000}) g`,
        [],
        'bench',
      );
    }
    await cluster.query('vacuum analyze', [], 'bench');
    const size = (await cluster.query<{ size: string }>("select pg_database_size('bench') as size"))[0]!.size;
    console.log(`database ready in ${seconds(init.ms)}: ${formatBytes(Number(size))}`);

    const api = createLocalApi(ctx.services, createHandlers(ctx.services));
    const profile = await call(api, 'profiles.save', {
      name: 'bench',
      target: { kind: 'params', host: '127.0.0.1', port: cluster.port, database: 'postgres', user: 'postgres', sslmode: 'disable' },
      password: cluster.password,
    });

    const best = { rawDump: Infinity, rawRestore: Infinity, tmDump: Infinity, tmRestore: Infinity };
    let rawBytes = 0;
    let tidemarkBytes = 0;
    // Each timed step starts from the same state: dirty buffers written and the page cache flushed
    // to disk, so one step's writes do not land on the next one's clock.
    const settle = async () => {
      await cluster.query('checkpoint');
      await runTool('sync', []);
    };
    for (let round = 1; round <= rounds; round += 1) {
      // Raw tools, as a runbook would run them.
      const file = join(work, `raw-${round}.dump`);
      const raw = async () => {
        await settle();
        const dump = await timed(() =>
          runTool(bin('pg_dump'), ['-Fc', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${conninfo('bench')}`], { env }),
        );
        rawBytes = await sizeOnDisk(file);
        await settle();
        const restore = await timed(async () => {
          await runTool(bin('psql'), ['-X', '-q', `--dbname=${conninfo('postgres')}`, '-c', `create database raw_${round} template template0`], { env });
          await runTool(bin('pg_restore'), ['--no-owner', '--no-privileges', `--dbname=${conninfo(`raw_${round}`)}`, file], { env });
        });
        return { dump, restore };
      };

      // Tidemark, through the same API the app and the CLI use.
      const tidemark = async () => {
        await settle();
        const dump = await timed(async () => {
          const { jobId } = await call(api, 'backups.startLogical', {
            connection: { profileId: profile.id },
            databases: ['bench'],
            options: { format: 'custom' },
          });
          return jobResult<LogicalBackupResult>(ctx.services, jobId);
        });
        await settle();
        const restore = await timed(async () => {
          const { jobId } = await call(api, 'restore.startLogical', {
            backupId: dump.value.backups[0]!.id,
            target: { kind: 'new', database: `tidemark_${round}` },
          });
          return jobResult<RestoreResult>(ctx.services, jobId);
        });
        return { dump, restore };
      };
      // Alternate which goes first, so neither always inherits the other's leftovers.
      const [rawRun, tmRun] = round % 2 === 1 ? [await raw(), await tidemark()] : await tidemark().then(async (t) => [await raw(), t] as const);
      const { dump: rawDump, restore: rawRestore } = rawRun;
      const { dump: tmDump, restore: tmRestore } = tmRun;
      const backup = tmDump.value.backups[0]!;
      tidemarkBytes = backup.totalBytes;
      if (tmRestore.value.mismatchedTables) throw new Error(`round ${round}: restored row counts differ from the backup's`);

      console.log(
        `round ${round}: raw dump ${seconds(rawDump.ms)}, restore ${seconds(rawRestore.ms)} | Tidemark backup ${seconds(tmDump.ms)}, restore ${seconds(tmRestore.ms)}`,
      );
      best.rawDump = Math.min(best.rawDump, rawDump.ms);
      best.rawRestore = Math.min(best.rawRestore, rawRestore.ms);
      best.tmDump = Math.min(best.tmDump, tmDump.ms);
      best.tmRestore = Math.min(best.tmRestore, tmRestore.ms);
      await cluster.query(`drop database raw_${round}`);
      await cluster.query(`drop database tidemark_${round}`);
      await rm(file, { force: true });
      await call(api, 'backups.delete', { id: backup.id, confirm: backup.id });
    }

    const ratio = (tidemark: number, raw: number) =>
      `${(tidemark / raw).toFixed(3)}x (${tidemark >= raw ? '+' : ''}${(((tidemark - raw) / raw) * 100).toFixed(1)}%)`;
    const rows = [
      ['', 'raw tools', 'Tidemark', 'ratio'],
      ['backup', seconds(best.rawDump), seconds(best.tmDump), ratio(best.tmDump, best.rawDump)],
      ['restore', seconds(best.rawRestore), seconds(best.tmRestore), ratio(best.tmRestore, best.rawRestore)],
      [
        'total',
        seconds(best.rawDump + best.rawRestore),
        seconds(best.tmDump + best.tmRestore),
        ratio(best.tmDump + best.tmRestore, best.rawDump + best.rawRestore),
      ],
      ['size', formatBytes(rawBytes), formatBytes(tidemarkBytes), '(Tidemark adds globals.sql)'],
    ];
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    console.log('\n' + rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')).join('\n'));
  } finally {
    await cluster.destroy();
    await ctx.cleanup();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
