// npm run bench:pitr -- [MB] [--random] [--rounds N]
//
// Point-in-time recovery of a harness cluster with MB (default 256) of archived WAL written after
// its base backup, through Tidemark (pitr.start → a promoted server with row counts and a profile)
// and by hand with the seeds' procedure (seed 000: extract the base backup, write restore_command
// = 'cp …/%f %p', recovery_target_time and recovery_target_action = 'promote', touch
// recovery.signal, pg_ctl start, wait for pg_is_in_recovery() = false), alternating, best of N
// rounds. Prints both, the difference, and MB of WAL replayed per second. --random writes the WAL
// with random, barely compressible rows (pgbench-like data flatters compressed figures).
//
// The manual run also sets archive_mode = off and a free port: without them the copy would archive
// into its source's folder and collide with it, which is what Tidemark prevents.
// Run it as an ordinary user (PostgreSQL refuses root): runuser -u tidemark -- npm run bench:pitr -- 512
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import pg from 'pg';
import { call } from '../electron/api/local-api';
import { jobResult } from '../test/support/job-test-support';
import { findFreePort } from '../electron/clusters/free-port';
import { stopCluster } from '../electron/clusters/local-cluster';
import { runTool } from '../electron/pgtools/run-tool';
import { archiveCurrentSegment, physicalBackup, setUpArchiving } from '../test/support/pitr-test-fixture';
import type { RecoveryResult } from '../shared/domain/pitr';
import { lsnDistanceBytes, parseLsn } from '../shared/domain/wal';
import { createTestCluster, testPassword } from '../test/harness/pg-cluster';
import { apiForCluster } from '../test/support/wal-test-support';

const args = process.argv.slice(2);
const targetMegabytes = Number(args.find((a) => /^\d+$/.test(a)) ?? 256);
const random = args.includes('--random');
const roundsArg = args.indexOf('--rounds');
const rounds = roundsArg >= 0 ? Number(args[roundsArg + 1]) : 2;

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

async function main(): Promise<void> {
  console.log(`${targetMegabytes} MB of archived WAL after the base backup${random ? ' (random rows)' : ''}, ${rounds} round(s) each, best kept`);
  const source = await createTestCluster({ settings: { archive_mode: 'on', max_wal_size: '4GB', checkpoint_timeout: '30min' } });
  const { ctx, api, profileId, repositoryDir } = await apiForCluster(source);
  const work = await mkdtemp(join(tmpdir(), 'tidemark-bench-pitr-'));
  const recovered: RecoveryResult[] = [];
  try {
    await setUpArchiving(api, ctx.services, profileId);
    await source.query('create table filler (id bigserial, t text, b bytea)');
    const backup = (await physicalBackup(api, ctx.services, profileId)).backup;
    const walDir = join(repositoryDir, 'wal', backup.systemIdentifier);

    // Write WAL in 8 MB transactions until enough is written, then archive the last segment.
    const written = await timed(async () => {
      const startLsn = (await source.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn'))[0]!.lsn;
      for (;;) {
        const row = random
          ? "select md5(random()::text) || md5(random()::text), decode(md5(random()::text) || md5(random()::text) || md5(random()::text), 'hex') from generate_series(1, 40000)"
          : "select repeat('tidemark', 12), decode(repeat('ab', 48), 'hex') from generate_series(1, 40000)";
        await source.query(`insert into filler (t, b) ${row}`);
        const lsn = (await source.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn'))[0]!.lsn;
        if (Number(lsnDistanceBytes(parseLsn(startLsn)!, parseLsn(lsn)!)) >= targetMegabytes * 1024 * 1024) break;
      }
    });
    const targetTime = (
      await source.query<{ t: string }>('select to_char(clock_timestamp() at time zone \'UTC\', \'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"\') as t')
    )[0]!.t;
    await delay(50);
    await source.query("insert into filler (t) values ('after the target')");
    await archiveCurrentSegment(source);
    const expectedRows = (await source.query<{ rows: string }>('select count(*)::text as rows from filler'))[0]!.rows;
    const endLsn = (await source.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn'))[0]!.lsn;
    const replayMegabytes = Number(lsnDistanceBytes(backup.points!.startLsn, parseLsn(endLsn)!)) / 1024 / 1024;
    console.log(`wrote ${replayMegabytes.toFixed(0)} MB of WAL in ${seconds(written.ms)}; target ${targetTime}; ${Number(expectedRows) - 1} rows expected`);

    const results = { tidemark: Infinity, manual: Infinity };
    for (let round = 1; round <= rounds; round++) {
      const viaTidemark = await timed(async () => {
        const { jobId } = await call(api, 'pitr.start', { repositoryDir, target: { kind: 'time', at: targetTime }, destination: { kind: 'new-directory' } });
        return jobResult<RecoveryResult>(ctx.services, jobId);
      });
      recovered.push(viaTidemark.value);
      const counted = viaTidemark.value.tables.find((t) => t.table === 'filler')?.rows;
      if (counted !== Number(expectedRows) - 1) throw new Error(`Tidemark recovered ${counted} rows, expected ${Number(expectedRows) - 1}`);
      await call(api, 'clusters.remove', { clusterId: viaTidemark.value.clusterId, confirmName: viaTidemark.value.clusterName });
      results.tidemark = Math.min(results.tidemark, viaTidemark.ms);

      const byHand = await timed(() =>
        manualRecovery(join(work, `manual-${round}`), source.binDir, backup.id, repositoryDir, walDir, targetTime, Number(expectedRows) - 1),
      );
      results.manual = Math.min(results.manual, byHand.ms);
      console.log(`round ${round}: Tidemark ${seconds(viaTidemark.ms)}, by hand ${seconds(byHand.ms)}`);
    }
    console.log('');
    console.log(`                 time to promoted   WAL replayed/s`);
    console.log(`by hand (seed)   ${seconds(results.manual).padStart(16)}   ${(replayMegabytes / (results.manual / 1000)).toFixed(0).padStart(10)} MB/s`);
    console.log(`Tidemark         ${seconds(results.tidemark).padStart(16)}   ${(replayMegabytes / (results.tidemark / 1000)).toFixed(0).padStart(10)} MB/s`);
    console.log(
      `Tidemark adds ${seconds(results.tidemark - results.manual)} (plan, pg_verifybackup of the extracted backup, row counts of every table, the profile)`,
    );
  } finally {
    for (const result of recovered) await call(api, 'clusters.remove', { clusterId: result.clusterId, confirmName: result.clusterName }).catch(() => undefined);
    await source.destroy();
    await ctx.cleanup();
    await rm(work, { recursive: true, force: true });
  }
}

/** Seed 000's procedure, step by step, with the tools a DBA would type. */
async function manualRecovery(
  folder: string,
  binDir: string,
  backupId: string,
  repositoryDir: string,
  walDir: string,
  targetTime: string,
  expectedRows: number,
): Promise<void> {
  const dataDir = join(folder, 'data');
  const backupDir = join(repositoryDir, 'backups', backupId, 'basebackup');
  await mkdir(join(dataDir, 'pg_wal'), { recursive: true, mode: 0o700 });
  await runTool('tar', ['-xf', join(backupDir, 'base.tar'), '-C', dataDir]);
  await runTool('tar', ['-xf', join(backupDir, 'pg_wal.tar'), '-C', join(dataDir, 'pg_wal')]);
  const port = await findFreePort();
  await writeFile(
    join(dataDir, 'postgresql.auto.conf'),
    [
      `restore_command = 'cp ${walDir}/%f %p'`,
      `recovery_target_time = '${targetTime.replace('T', ' ').replace('+00:00', '+00')}'`,
      "recovery_target_action = 'promote'",
      'archive_mode = off',
      `port = ${port}`,
      "listen_addresses = '127.0.0.1'",
      "unix_socket_directories = ''",
    ].join('\n') + '\n',
    { flag: 'a' },
  );
  await writeFile(join(dataDir, 'recovery.signal'), '');
  await rm(join(dataDir, 'postmaster.pid'), { force: true });
  const binaries = { pgCtl: join(binDir, 'pg_ctl'), initdb: join(binDir, 'initdb') };
  await runTool(binaries.pgCtl, ['start', '-D', dataDir, '-l', join(folder, 'server.log'), '-w', '-t', '3600'], { captureStdout: false });
  try {
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: testPassword, database: 'postgres' });
    await client.connect();
    try {
      while ((await client.query<{ r: boolean }>('select pg_is_in_recovery() as r')).rows[0]!.r) await delay(100);
      const rows = Number((await client.query<{ n: string }>('select count(*)::text as n from filler')).rows[0]!.n);
      if (rows !== expectedRows) throw new Error(`the manual recovery has ${rows} rows, expected ${expectedRows}`);
    } finally {
      await client.end();
    }
  } finally {
    await stopCluster(binaries, dataDir, 'immediate');
    await rm(folder, { recursive: true, force: true });
  }
}

await main();
