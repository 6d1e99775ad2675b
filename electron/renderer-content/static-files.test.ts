import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStaticFile } from './static-files';

describe('readStaticFile', () => {
  let root: string;
  beforeAll(async () => {
    const parent = await mkdtemp(join(tmpdir(), 'tidemark-static-'));
    root = join(parent, 'renderer');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html>');
    await writeFile(join(root, 'assets', 'app.js'), 'export {}');
    await writeFile(join(root, 'assets', 'blob.bin'), 'x');
    await writeFile(join(parent, 'secret.txt'), 'outside');
  });
  afterAll(() => rm(join(root, '..'), { recursive: true, force: true }));

  it('serves the renderer files with their content types', async () => {
    expect((await readStaticFile(root, '/index.html'))?.contentType).toBe('text/html; charset=utf-8');
    expect((await readStaticFile(root, '/assets/app.js'))?.contentType).toBe('text/javascript; charset=utf-8');
  });

  it('serves nothing outside the folder, nothing unknown, nothing missing', async () => {
    for (const path of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/%00.js', '/%E0%A4%A', '/assets/blob.bin', '/nope.js']) {
      expect(await readStaticFile(root, path), path).toBeNull();
    }
  });
});
