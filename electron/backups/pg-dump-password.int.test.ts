import { readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { LogicalBackupResult } from '../../shared/domain/backup';
import { call } from '../api/local-api';
import { createBackupTestBed, type BackupTestBed } from '../../test/support/backup-test-bed';
import { jobResult } from '../../test/support/job-test-support';
import { createShopDatabase } from '../../test/support/shop-fixture';

const shopDb = 'shop';

/** A running child of this process whose argv[0] ends with `/<tool>`, connecting (--dbname=…, not a --version): its pid, argv and environment, as the OS shows them to other processes. */
async function runningTool(tool: string, timeoutMs = 30_000): Promise<{ pid: number; argv: string[]; environ: Map<string, string> }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const [cmdline, status] = await Promise.all([readFile(`/proc/${entry}/cmdline`, 'utf8'), readFile(`/proc/${entry}/status`, 'utf8')]).catch(() => [
        '',
        '',
      ]);
      const argv = cmdline.split('\0').filter(Boolean);
      if (!argv[0]?.endsWith(`/${tool}`) || !argv.some((arg) => arg.startsWith('--dbname=')) || Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== process.pid)
        continue;
      const environ = await readFile(`/proc/${entry}/environ`, 'utf8');
      const pairs = environ
        .split('\0')
        .filter(Boolean)
        .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)] as const);
      return { pid: Number(entry), argv, environ: new Map(pairs) };
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no ${tool} started within ${timeoutMs} ms`);
}

/** This process's temporary password folders (tidemark-pgpass-<pid>-…). */
async function passwordFolders(): Promise<string[]> {
  return (await readdir(tmpdir())).filter((name) => name.startsWith(`tidemark-pgpass-${process.pid}-`));
}

// /proc is Linux's; elsewhere the unit of this (withToolEnvironment) still runs in every backup test.
describe.skipIf(process.platform !== 'linux')('pg_dump gets the saved password in a temporary password file, never in its environment or argv', () => {
  let bed: BackupTestBed;
  let locker: pg.Client | null = null;

  beforeAll(async () => {
    bed = await createBackupTestBed();
    await createShopDatabase(bed.cluster, shopDb);
    await bed.cluster.query('create view waits_for_me as select 1 as one', [], shopDb);
  });
  afterEach(async () => {
    await locker?.end().catch(() => undefined);
    locker = null;
  });
  afterAll(async () => {
    await bed?.destroy();
  });

  /**
   * Holds an exclusive lock on a view, so pg_dump waits when it reads the view's definition: long
   * enough to look at it. (A table's lock would stop Tidemark's own catalog reading first.)
   */
  async function holdViewLock(): Promise<pg.Client> {
    locker = await bed.cluster.client(shopDb);
    await locker.query('begin');
    await locker.query('lock table waits_for_me in access exclusive mode');
    return locker;
  }

  it('while pg_dump runs: PGPASSFILE names a 0600 file in a 0700 folder, no PGPASSWORD, no password in argv; after it, the file is gone', async () => {
    const password = bed.cluster.password;
    const lock = await holdViewLock();
    const { jobId } = await call(bed.api, 'backups.startLogical', {
      connection: { profileId: bed.profileId },
      databases: [shopDb],
      options: { format: 'custom' },
    });
    const pgDump = await runningTool('pg_dump');

    expect(pgDump.environ.has('PGPASSWORD')).toBe(false);
    expect([...pgDump.environ.values()].some((value) => value.includes(password))).toBe(false);
    expect(pgDump.argv.join(' ')).not.toContain(password);
    const passfile = pgDump.environ.get('PGPASSFILE')!;
    expect(passfile).toMatch(new RegExp(`/tidemark-pgpass-${process.pid}-[^/]+/pgpass$`));
    expect((await stat(passfile)).mode & 0o777).toBe(0o600);
    expect((await stat(dirname(passfile))).mode & 0o777).toBe(0o700);
    expect(await readFile(passfile, 'utf8')).toBe(`*:*:*:*:${password}\n`);

    await lock.query('commit');
    const result = await jobResult<LogicalBackupResult>(bed.ctx.services, jobId);
    expect(result.backups).toHaveLength(1);
    await expect(stat(passfile)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await passwordFolders()).toEqual([]);
    const manifest = await call(bed.api, 'backups.get', { id: result.backups[0]!.id });
    expect(JSON.stringify(manifest)).not.toContain(password);
  });

  it('a cancelled backup removes the password file too', async () => {
    await holdViewLock();
    const { jobId } = await call(bed.api, 'backups.startLogical', {
      connection: { profileId: bed.profileId },
      databases: [shopDb],
      options: { format: 'custom' },
    });
    const passfile = (await runningTool('pg_dump')).environ.get('PGPASSFILE')!;
    expect((await stat(passfile)).isFile()).toBe(true);
    await call(bed.api, 'jobs.cancel', { jobId });
    await expect(jobResult(bed.ctx.services, jobId)).rejects.toMatchObject({ code: 'cancelled' });
    await expect(stat(passfile)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await passwordFolders()).toEqual([]);
  });

  it('the preview names PGPASSFILE, never the password', async () => {
    const preview = await call(bed.api, 'backups.preview', { connection: { profileId: bed.profileId }, databases: [shopDb], options: { format: 'custom' } });
    expect(preview.environment).toEqual([expect.stringMatching(/^PGPASSFILE \(a temporary password file, mode 0600/)]);
    expect(JSON.stringify(preview)).not.toContain(bed.cluster.password);
  });
});
