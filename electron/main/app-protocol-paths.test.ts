import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStaticFile } from '../renderer-content/static-files';
import { appRequestPath } from './app-protocol-paths';

// The app:// handler in protocol.ts is appRequestPath() then readStaticFile(); this is that pair
// on real files, with a secret beside the renderer folder that no request may reach.
let base: string;
let rendererDir: string;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'tidemark-app-protocol-'));
  rendererDir = join(base, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Tidemark</title>');
  await writeFile(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
  await writeFile(join(base, 'secrets.json'), '{"do-not":"serve"}');
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

async function serve(requestUrl: string): Promise<string | null> {
  const path = appRequestPath(requestUrl);
  const file = path === null ? null : await readStaticFile(rendererDir, path);
  return file ? file.body.toString('utf8') : null;
}

describe('app:// serves the built renderer and nothing else', () => {
  it('serves the entry page for / and /index.html, and assets by path', async () => {
    expect(await serve('app://tidemark/')).toContain('<title>Tidemark</title>');
    expect(await serve('app://tidemark/index.html?x=1#/profiles')).toContain('<title>Tidemark</title>');
    expect(await serve('app://tidemark/assets/index-abc.js')).toBe('console.log(1)');
    expect(appRequestPath('app://tidemark')).toBe('/index.html');
  });

  it.each([
    'app://tidemark/../secrets.json',
    'app://tidemark/%2e%2e/secrets.json',
    'app://tidemark/..%2fsecrets.json',
    'app://tidemark/assets/..%2f..%2fsecrets.json',
    'app://tidemark/%2E%2E%2Fsecrets.json',
    'app://tidemark/..%5csecrets.json',
    'app://tidemark/index.html%00.png',
    'app://tidemark/%E0%A4%A',
    'app://tidemark/assets',
    'app://tidemark/no-such-file.js',
  ])('serves nothing for %s', async (url) => {
    expect(await serve(url)).toBeNull();
  });

  it('answers only requests for our own origin', () => {
    expect(appRequestPath('app://evil/index.html')).toBeNull();
    expect(appRequestPath('app://tidemark:8080/index.html')).toBeNull();
    expect(appRequestPath('https://tidemark/index.html')).toBeNull();
    expect(appRequestPath('file:///etc/passwd')).toBeNull();
  });
});
