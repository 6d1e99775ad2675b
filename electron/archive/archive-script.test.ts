import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { archiveCommandFor, installArchiveScript } from './archive-script';

describe('the archive script (archive_command where basic_archive is not available)', () => {
  let root: string;
  let script: string;
  let archive: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "tidemark archive 'quoted' %p "));
    script = await installArchiveScript(root);
    archive = join(root, 'wal', '42');
    await execa('mkdir', ['-p', archive]);
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  // What the server does with archive_command: %p and %f replaced, %% → %, run by /bin/sh -c.
  async function archiveAs(source: string, name: string) {
    const command = archiveCommandFor(script, archive).replace(/%%|%p|%f/g, (token) => (token === '%%' ? '%' : token === '%p' ? source : name));
    return execa('/bin/sh', ['-c', command], { reject: false });
  }

  it('copies into place through a temporary name, leaving no temporary file', async () => {
    const source = join(root, 'seg');
    await writeFile(source, 'wal bytes');
    expect((await archiveAs(source, '000000010000000000000001')).exitCode).toBe(0);
    expect(await readFile(join(archive, '000000010000000000000001'), 'utf8')).toBe('wal bytes');
    expect(await readdir(archive)).toEqual(['000000010000000000000001']);
  });

  it('succeeds on an identical existing file (a retried segment) and fails on a different one', async () => {
    const source = join(root, 'seg');
    await writeFile(source, 'wal bytes');
    await archiveAs(source, '000000010000000000000002');
    expect((await archiveAs(source, '000000010000000000000002')).exitCode).toBe(0);
    await writeFile(source, 'other bytes');
    const refused = await archiveAs(source, '000000010000000000000002');
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toMatch(/different contents/);
    expect(await readFile(join(archive, '000000010000000000000002'), 'utf8')).toBe('wal bytes');
  });

  it('fails when the archive folder is gone (an unmounted disk) instead of creating it', async () => {
    const source = join(root, 'seg');
    await writeFile(source, 'wal bytes');
    await rm(archive, { recursive: true });
    expect((await archiveAs(source, '000000010000000000000003')).exitCode).not.toBe(0);
  });
});
