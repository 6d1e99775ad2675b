// Builds every host of Tidemark's services: the Electron main process and preload, the CLI,
// browser mode's server, and the renderer (Vite). `npm install` runs it through `prepare`.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';

const { version } = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
const define = { __TIDEMARK_VERSION__: JSON.stringify(version) };
const onlyNode = process.argv.includes('--node-only');

const nodeTargets = [
  { entry: 'electron/main/index.ts', out: 'dist/electron/main.js', format: 'esm' },
  // A sandboxed preload cannot be an ES module.
  { entry: 'electron/preload/index.ts', out: 'dist/electron/preload.cjs', format: 'cjs' },
  { entry: 'electron/cli/main.ts', out: 'dist/cli/main.js', format: 'esm' },
  { entry: 'electron/web/server.ts', out: 'dist/web/server.js', format: 'esm' },
].filter((target) => existsSync(target.entry));

await Promise.all(
  nodeTargets.map((target) =>
    build({
      entryPoints: [target.entry],
      outfile: target.out,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: target.format,
      packages: 'external',
      sourcemap: true,
      define,
      logLevel: 'warning',
    }),
  ),
);

if (!onlyNode) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: new URL('../vite.config.ts', import.meta.url).pathname, logLevel: 'warn' });
}
console.log(`built ${nodeTargets.length} node bundles${onlyNode ? '' : ' and the renderer'}`);
