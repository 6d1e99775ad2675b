import { mkdtemp, open, readdir, rm, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TidemarkApi } from '../../shared/contract';
import type { ArchiveApplyResult } from '../../shared/domain/archiving';
import { TidemarkError } from '../../shared/domain/errors';
import { physicalManifestSchema, type PhysicalBackupResult } from '../../shared/domain/physical';
import { call } from '../api/local-api';
import { jobResult } from '../../test/support/job-test-support';
import { readManifest } from '../repository/manifest';
import { apiForCluster } from '../../test/support/wal-test-support';
import { createTestCluster, type TestCluster } from '../../test/harness/pg-cluster';
import type { TestServices } from '../../test/harness/test-services';

// A really full disk, not a mock: the repository sits on a small filesystem (`bash .ci/run` mounts
// a 48 MB tmpfs and passes its path here), and the cluster holds far more than fits on it.
const smallDisk = process.env.TIDEMARK_TEST_SMALL_DISK;
const needsSmallDisk =
  'skipped: needs a small filesystem in TIDEMARK_TEST_SMALL_DISK, which `bash .ci/run` provides; by hand, as root: ' +
  'mkdir -p /mnt/tidemark-small-disk && mount -t tmpfs -o size=48m tmpfs /mnt/tidemark-small-disk && chown tidemark: /mnt/tidemark-small-disk, ' +
  'then run the tests with TIDEMARK_TEST_SMALL_DISK=/mnt/tidemark-small-disk';

async function freeBytes(path: string): Promise<number> {
  const stats = await statfs(path);
  return stats.bavail * stats.bsize;
}

/** Writes zeros into `path` until the filesystem refuses (ENOSPC), down to its last block. */
async function fillUp(path: string): Promise<void> {
  const file = await open(path, 'w');
  try {
    for (const chunkBytes of [1 << 20, 4096, 1]) {
      const chunk = Buffer.alloc(chunkBytes);
      for (;;) {
        const written = await file.write(chunk).then(
          (result) => result.bytesWritten,
          (error: NodeJS.ErrnoException) => {
            if (error.code === 'ENOSPC') return 0;
            throw error;
          },
        );
        if (written < chunkBytes) break;
      }
    }
  } finally {
    await file.close();
  }
}

async function failureOf(promise: Promise<unknown>): Promise<TidemarkError> {
  const caught = await promise.then(
    () => null,
    (error: unknown) => error,
  );
  expect(caught, 'the backup should have failed').toBeInstanceOf(TidemarkError);
  return caught as TidemarkError;
}

describe.skipIf(!smallDisk)(`a base backup onto a disk too small for it${smallDisk ? '' : ` (${needsSmallDisk})`}`, () => {
  let cluster: TestCluster;
  let ctx: TestServices;
  let api: TidemarkApi;
  let profileId: string;
  let smallRepositoryDir: string;

  beforeAll(async () => {
    cluster = await createTestCluster({ settings: { archive_mode: 'on' } });
    // The WAL archive lives in the profile's repository, on the roomy disk: only this backup goes
    // to the small one, and archiving must carry on whatever happens to it.
    ({ ctx, api, profileId } = await apiForCluster(cluster));
    const { jobId } = await call(api, 'archive.apply', { server: { profileId } });
    expect((await jobResult<ArchiveApplyResult>(ctx.services, jobId)).verification).toMatchObject({ status: 'works' });
    smallRepositoryDir = await mkdtemp(join(smallDisk!, 'repo-'));
    // About 110 MB of random hex (md5 of random(): no run for a compressor to shorten), more than
    // twice the small disk, so pg_basebackup runs out of room whatever the disk's exact size.
    await cluster.query('create table filler as select g, md5(random()::text) as t from generate_series(1, 1600000) g');
  });
  afterAll(async () => {
    if (smallRepositoryDir) await rm(smallRepositoryDir, { recursive: true, force: true });
    await cluster?.destroy();
    await ctx?.cleanup();
  });

  function backUp(options: { repositoryDir?: string; maxRateKbps?: number } = {}): Promise<PhysicalBackupResult> {
    return call(api, 'physical.backup', { server: { profileId }, ...options }).then(({ jobId }) => jobResult<PhysicalBackupResult>(ctx.services, jobId));
  }

  // pg_basebackup reports progress (with the server's size estimate) at most once a second: at full
  // speed the disk fills before the first report, at a limited rate (as on a real, slower disk) the
  // message can also say how much room the backup needs.
  it.each([
    ['at full speed', {}, false],
    ['at a limited rate', { maxRateKbps: 8_192 }, true],
  ])('fills up mid-copy %s: disk_full saying how much room there was, the partial data removed, a failed record kept', async (_name, options, withEstimate) => {
    const [clusterSize] = await cluster.query<{ bytes: string }>('select sum(pg_database_size(oid))::text as bytes from pg_database');
    const backupsDir = join(smallRepositoryDir, 'backups');
    const before = await readdir(backupsDir).catch((): string[] => []);
    const freeBefore = await freeBytes(smallRepositoryDir);
    expect(Number(clusterSize!.bytes), `${smallDisk} must hold less than half the cluster`).toBeGreaterThan(2 * freeBefore);

    const error = await failureOf(backUp({ repositoryDir: smallRepositoryDir, ...options }));
    expect(error.code).toBe('disk_full');
    const estimate = withEstimate
      ? 'the server estimated (\\d+(?:\\.\\d)?) MB of data plus the WAL written meanwhile; '
      : '(?:the server estimated (\\d+(?:\\.\\d)?) MB of data plus the WAL written meanwhile; )?';
    const message = new RegExp(
      `^The repository disk filled up during the base backup of postgres@127\\.0\\.0\\.1:\\d+/postgres \\(${estimate}the repository had (\\d+(?:\\.\\d)?) MB free\\); its partial files were removed\\.$`,
    );
    expect(error.message).toMatch(message);
    const [, estimatedMb, freeMb] = message.exec(error.message)!;
    if (estimatedMb) expect(Number(estimatedMb) * 2 ** 20).toBeGreaterThan(2 * freeBefore);
    expect(Math.abs(Number(freeMb) * 2 ** 20 - freeBefore)).toBeLessThan(2 ** 20);
    expect(error.hint).toContain(`Make room for about ${estimatedMb ? `${estimatedMb} MB plus the WAL` : 'the size of the cluster'} in ${smallRepositoryDir}`);

    // Nothing pending, no data: only the record, which says why.
    const added = (await readdir(backupsDir)).filter((name) => !before.includes(name));
    expect(added).toEqual([expect.stringMatching(/^[^.]/)]);
    const [id] = added as [string];
    expect(await readdir(join(backupsDir, id))).toEqual(['manifest.json']);
    const record = await readManifest(join(backupsDir, id), physicalManifestSchema);
    expect(record).toMatchObject({ status: 'failed', files: [], totalBytes: 0, failure: { code: 'disk_full', message: error.message, hint: error.hint } });
    expect(record.physical.points).toBeNull();
    // It really was the disk: pg_basebackup's own words are in the record's log.
    expect(record.log.some((line) => /No space left on device/.test(line.text))).toBe(true);
    const listed = await call(api, 'physical.list', { repositoryDir: smallRepositoryDir });
    expect(listed.find((backup) => backup.id === id)).toMatchObject({ status: 'failed', failure: { code: 'disk_full' } });

    // The space is back: the record takes a block or two.
    expect(await freeBytes(smallRepositoryDir)).toBeGreaterThan(freeBefore - 256 * 1024);
  });

  it('already full: disk_full before pg_basebackup starts, and no pending folder left', async () => {
    const filler = join(smallDisk!, `filler-${process.pid}`);
    try {
      await fillUp(filler);
      const before = await readdir(join(smallRepositoryDir, 'backups'));
      const error = await failureOf(backUp({ repositoryDir: smallRepositoryDir }));
      expect(error).toMatchObject({
        code: 'disk_full',
        message: expect.stringMatching(/disk is full.*not kept/),
        hint: `Free space in ${smallRepositoryDir} (or delete old backups) and run it again.`,
      });
      // The failure record itself could not be written: no entry is better than a half-written one.
      expect(await readdir(join(smallRepositoryDir, 'backups'))).toEqual(before);
    } finally {
      await rm(filler, { force: true });
    }
  });

  it('afterwards the server, its replication slots and its WAL archive work, and a backup with room succeeds', async () => {
    // pg_basebackup's temporary slot and WAL sender went with it: nothing holds WAL back.
    await expect
      .poll(async () => (await cluster.query('select 1 from pg_replication_slots union all select 1 from pg_stat_replication')).length, { timeout: 30_000 })
      .toBe(0);
    await cluster.query('insert into filler values (0, $1)', ['after the full disk']);
    const [switched] = await cluster.query<{ segment: string }>('select pg_walfile_name(pg_switch_wal()) as segment');
    await expect
      .poll(async () => (await cluster.query<{ last: string | null }>('select last_archived_wal as last from pg_stat_archiver'))[0]!.last, { timeout: 60_000 })
      .toBe(switched!.segment);
    expect((await cluster.query<{ failed: string }>('select failed_count::text as failed from pg_stat_archiver'))[0]!.failed).toBe('0');

    const { backup } = await backUp();
    expect(backup).toMatchObject({ status: 'complete', verification: { status: 'passed' }, pitr: { usable: true } });
  });
});
