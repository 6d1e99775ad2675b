// `npm run typecheck`: each layer against the runtime it runs in (STYLE.md, "a path tells you what the code may
// touch"), so the renderer cannot use Node's globals and shared/ can use neither the DOM nor Node. Every project is
// checked even when an earlier one failed, so one run shows everything that is wrong.
import { spawnSync } from 'node:child_process';

const projects = [
  'tsconfig.node.json', // electron/, test/, bench/, scripts/, tool configs: Node, no DOM
  'tsconfig.renderer.json', // renderer/: DOM, no Node
  'tsconfig.shared.json', // shared/: neither
  'tsconfig.dom-tests.json', // e2e/ and the renderer's and shared/'s unit tests: both
];

let failed = 0;
for (const project of projects) {
  process.stdout.write(`tsc -p ${project}\n`);
  const result = spawnSync('npx', ['tsc', '-p', project], { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
process.exitCode = failed > 0 ? 1 : 0;
