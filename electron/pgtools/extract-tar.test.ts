import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractTar } from './extract-tar';
import { runProgram } from './run-tool';

describe('extractTar', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tidemark-tar-'));
    await mkdir(join(dir, 'src'));
    await writeFile(join(dir, 'src', 'PG_VERSION'), '17\n');
    expect((await runProgram('tar', ['-czf', join(dir, 'base.tar.gz'), '-C', join(dir, 'src'), 'PG_VERSION'])).exitCode).toBe(0);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('extracts a file, the decompressor chosen by its name', async () => {
    await mkdir(join(dir, 'out'));
    const result = await extractTar(join(dir, 'base.tar.gz'), join(dir, 'out'));
    expect(result.exitCode).toBe(0);
    expect(await readFile(join(dir, 'out', 'PG_VERSION'), 'utf8')).toBe('17\n');
  });

  it('extracts what the caller feeds into its stdin', async () => {
    await mkdir(join(dir, 'out'));
    const result = await extractTar('base.tar.gz', join(dir, 'out'), { feed: (stdin) => pipeline(createReadStream(join(dir, 'base.tar.gz')), stdin) });
    expect(result).toMatchObject({ exitCode: 0, feedError: null });
    expect(await readFile(join(dir, 'out', 'PG_VERSION'), 'utf8')).toBe('17\n');
  });

  it('says why tar failed', async () => {
    const result = await extractTar(join(dir, 'missing.tar'), join(dir, 'src'), { env: { LC_ALL: 'C' } });
    expect(result.exitCode).not.toBe(0);
    expect(result.reason).toMatch(/missing\.tar/);
  });
});

describe('runProgram', () => {
  it('returns the exit instead of throwing, and says when the program is not installed', async () => {
    expect(await runProgram('sh', ['-c', 'echo out; echo err >&2; exit 3'])).toEqual({
      exitCode: 3,
      stdout: 'out',
      stderr: 'err',
      notFound: false,
      timedOut: false,
    });
    expect(await runProgram('tidemark-no-such-program', [])).toMatchObject({ exitCode: undefined, notFound: true });
  });
});
