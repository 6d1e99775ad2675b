// npm run bench:physical -- [SCALE] [--random] [--rounds N] [--segments 10000,100000]
//
// 1. Base backups: a pgbench database of the given scale (default 10) on a harness cluster, backed
//    up through Tidemark and with raw pg_basebackup with the same options (-X stream, fast
//    checkpoint, -P: Tidemark's progress bar is -P, and a DBA watching a backup runs it with -P as
//    seed 002 does), alternating, N rounds (best and median kept), for tar, tar with server-side
//    zstd (2 workers) and plain. Raw without -P is shown too: -P makes the server size the data
//    before sending it. Tidemark runs without pg_verifybackup here so both do the same work; it
//    still adds its connection and checks, the SHA-256 of the streamed WAL and the manifest (the
//    data's checksums are backup_manifest's). "tool" is pg_basebackup's own time inside Tidemark's
//    job. Verification is timed apart. --random adds barely compressible rows (pgbench data
//    compresses 15-55x and flatters compressed figures, DEVELOPERS.md).
// 2. Archive scan: synthetic archives of 10,000 and 100,000 segment files (empty, a day old):
//    the first scan (no index), the first screen of a new session (the index saved by the last
//    one, the folder rescanned in the background: listing, summary and the first 200 segments),
//    and the next look in the same session (after a rescan).
// Run it as an ordinary user (PostgreSQL refuses root): runuser -u tidemark -- npm run bench:physical -- 20
import { mkdir, mkdtemp, open, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from '../electron/api/local-api';
import { sizeOnDisk } from '../electron/backups/dump-progress';
import { jobResult } from '../test/support/job-test-support';
import { runTool } from '../electron/pgtools/run-tool';
import { forgetArchiveIndex } from '../electron/wal/archive-index';
import { archiveSummary, openArchive, segmentPage } from '../electron/wal/wal-archive';
import { apiForCluster } from '../test/support/wal-test-support';
import type { PhysicalBackupResult } from '../shared/domain/physical';
import { formatSegmentName } from '../shared/domain/wal';
import { createTestCluster } from '../test/harness/pg-cluster';
import { formatBytes } from '../shared/format/bytes';

const args = process.argv.slice(2);
const scale = Number(args.find((a) => /^\d+$/.test(a)) ?? 10);
const withRandom = args.includes('--random');
const option = (name: string) => (args.indexOf(name) >= 0 ? args[args.indexOf(name) + 1] : undefined);
const rounds = Number(option('--rounds') ?? 2);
const segmentCounts = (option('--segments') ?? '10000,100000').split(',').map(Number);

const modes = [
  { name: 'tar', format: 'tar' as const, compression: 'none', raw: ['--format=tar'] },
  {
    name: 'tar + server-zstd:workers=2',
    format: 'tar' as const,
    compression: 'server-zstd:workers=2',
    raw: ['--format=tar', '--compress=server-zstd:workers=2'],
  },
  { name: 'plain', format: 'plain' as const, compression: 'none', raw: ['--format=plain'] },
];

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const ratio = (tidemark: number, raw: number) => `${(tidemark / raw).toFixed(3)}x`;

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  console.log('\n' + rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')).join('\n') + '\n');
}

async function benchBackups(work: string): Promise<void> {
  console.log(`pgbench scale ${scale}${withRandom ? ' + random table' : ''}, ${rounds} round(s) per mode, best time kept`);
  const cluster = await createTestCluster({ settings: { max_wal_size: '2GB', checkpoint_timeout: '30min', max_wal_senders: 10 } });
  const { ctx, api, profileId, repositoryDir } = await apiForCluster(cluster);
  try {
    const env = { PGPASSWORD: cluster.password };
    await cluster.query('create database bench');
    await runTool(
      join(cluster.binDir, 'pgbench'),
      ['-i', '-q', '-s', String(scale), '-h', '127.0.0.1', '-p', String(cluster.port), '-U', 'postgres', 'bench'],
      { env, captureStdout: false },
    );
    if (withRandom) {
      await cluster.query(
        `create table random_rows as select g as id, md5(random()::text) || md5(random()::text) as t, decode(md5(random()::text) || md5(random()::text), 'hex') as b from generate_series(1, ${scale * 20_000}) g`,
        [],
        'bench',
      );
    }
    await cluster.query('vacuum analyze', [], 'bench');
    const [size] = await cluster.query<{ size: string }>('select sum(pg_database_size(datname))::text as size from pg_database');
    console.log(`cluster ready: ${formatBytes(Number(size!.size))}`);
    const settle = async () => {
      await cluster.query('checkpoint');
      await runTool('sync', []);
    };
    // Best of N hides noise that slows a run; the median shows what a typical run costs. Both are
    // given, since one lucky raw run can swing the best-of ratio by 10% on this machine.
    const rows = [['mode', 'raw -P', 'Tidemark (job)', 'ratio', 'median ratio', 'Tidemark (tool)', 'ratio', 'raw, no -P', 'job / no -P', 'size']];
    for (const mode of modes) {
      const runs = { raw: [] as number[], quiet: [] as number[], job: [] as number[], tool: [] as number[] };
      let bytes = 0;
      for (let round = 1; round <= rounds; round += 1) {
        const target = join(work, `raw-${round}`);
        const raw = async (progress: boolean) => {
          await settle();
          const run = await timed(() =>
            runTool(
              join(cluster.binDir, 'pg_basebackup'),
              [
                `--pgdata=${target}`,
                ...mode.raw,
                '--wal-method=stream',
                '--checkpoint=fast',
                ...(progress ? ['--progress'] : []),
                `--dbname=host=127.0.0.1 port=${cluster.port} user=postgres`,
                '--no-password',
              ],
              { env, onStderrLine: () => undefined },
            ),
          );
          bytes = await sizeOnDisk(target);
          await rm(target, { recursive: true, force: true });
          return run.ms;
        };
        const tidemark = async () => {
          await settle();
          const run = await timed(async () => {
            const { jobId } = await call(api, 'physical.backup', { server: { profileId }, format: mode.format, compression: mode.compression, verify: false });
            return jobResult<PhysicalBackupResult>(ctx.services, jobId);
          });
          await rm(join(repositoryDir, 'backups', run.value.backup.id), { recursive: true, force: true });
          return { job: run.ms, tool: run.value.toolMs };
        };
        const [rawMs, tm] = round % 2 === 1 ? [await raw(true), await tidemark()] : await tidemark().then(async (t) => [await raw(true), t] as const);
        const quietMs = await raw(false);
        console.log(
          `${mode.name} round ${round}: raw -P ${seconds(rawMs)} | Tidemark ${seconds(tm.job)} (pg_basebackup ${seconds(tm.tool)}) | raw without -P ${seconds(quietMs)}`,
        );
        runs.raw.push(rawMs);
        runs.quiet.push(quietMs);
        runs.job.push(tm.job);
        runs.tool.push(tm.tool);
      }
      const best = { raw: Math.min(...runs.raw), quiet: Math.min(...runs.quiet), job: Math.min(...runs.job), tool: Math.min(...runs.tool) };
      rows.push([
        mode.name,
        seconds(best.raw),
        seconds(best.job),
        ratio(best.job, best.raw),
        ratio(median(runs.job), median(runs.raw)),
        seconds(best.tool),
        ratio(best.tool, best.raw),
        seconds(best.quiet),
        ratio(best.job, best.quiet),
        formatBytes(bytes),
      ]);
    }
    printTable(rows);

    for (const format of ['tar', 'plain'] as const) {
      await settle();
      const verified = await timed(async () => {
        const { jobId } = await call(api, 'physical.backup', { server: { profileId }, format, verify: true });
        return jobResult<PhysicalBackupResult>(ctx.services, jobId);
      });
      const v = verified.value.backup.verification;
      console.log(
        `${format} with pg_verifybackup: ${seconds(verified.ms)} (${v?.status}${v && 'elapsedMs' in v ? `, verification ${seconds(v.elapsedMs)}, ${v.method}` : ''})`,
      );
    }
  } finally {
    await cluster.destroy();
    await ctx.cleanup();
  }
}

async function benchScan(work: string): Promise<void> {
  const rows = [['segments', 'first scan (no index)', 'first screen, new session', 'rescan, same session', 'files statted on rescan']];
  const dayAgo = new Date(Date.now() - 86_400_000);
  for (const count of segmentCounts) {
    const repositoryRoot = join(work, `scan-${count}`);
    const systemIdentifier = '7000000000000000001';
    const dir = join(repositoryRoot, 'wal', systemIdentifier);
    await mkdir(dir, { recursive: true });
    for (let start = 0; start < count; start += 1_000) {
      await Promise.all(
        Array.from({ length: Math.min(1_000, count - start) }, async (_, i) => {
          const n = start + i;
          const path = join(dir, formatSegmentName({ timeline: 1, logId: Math.floor(n / 256), segId: n % 256 }));
          await (await open(path, 'w')).close();
          await utimes(path, dayAgo, dayAgo);
        }),
      );
    }
    await runTool('sync', []);
    const firstScreen = async () => {
      const archive = await openArchive(repositoryRoot, systemIdentifier, { allowStale: true });
      await archiveSummary(archive);
      return { archive, page: segmentPage(archive, { offset: 0, limit: 200 }) };
    };
    const cold = await timed(firstScreen);
    await cold.value.archive.index.save();
    forgetArchiveIndex(dir);
    const session = await timed(firstScreen);
    // The background rescan the new session started, then the same session's next look.
    await openArchive(repositoryRoot, systemIdentifier);
    const again = await timed(firstScreen);
    if (again.value.page.total !== count) throw new Error(`listed ${again.value.page.total} of ${count}`);
    rows.push([String(count), seconds(cold.ms), seconds(session.ms), seconds(again.ms), String(again.value.archive.scan.filesStatted)]);
    await rm(repositoryRoot, { recursive: true, force: true });
  }
  printTable(rows);
}

const work = await mkdtemp(join(tmpdir(), 'tidemark-bench-physical-'));
try {
  if (!args.includes('--scan-only')) await benchBackups(work);
  await benchScan(work);
} finally {
  await rm(work, { recursive: true, force: true });
}
