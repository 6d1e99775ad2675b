import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// A sandboxed preload can require only a few modules (electron, events, timers, url); anything
// else fails at run time, in a binary we cannot run here. So check what the bundle requires.
describe('the preload bundle is loadable in a sandboxed renderer', () => {
  it('requires nothing but electron', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('../preload/index.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      packages: 'external',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(code).toContain('exposeInMainWorld("tidemark"');
  });
});
