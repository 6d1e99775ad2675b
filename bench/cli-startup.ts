// CLI start-up against Node's own: the median wall time of `tidemark --help` and `tidemark backups
// list` beside `node -e 0`, run alternately in the same loop so that machine load hits all alike.
import { join } from 'node:path';
import { execa } from 'execa';
import { repoRoot } from '../test/harness/tidemark-cli';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function wallMs(args: string[], env: Record<string, string>): Promise<number> {
  const started = performance.now();
  await execa('node', args, { env, stdout: 'ignore', stderr: 'ignore', reject: false });
  return performance.now() - started;
}

export async function benchCliStartup(home: string, rounds: number): Promise<Record<'node' | 'help' | 'backupsList', number>> {
  const cli = join(repoRoot, 'bin', 'tidemark.js');
  const env = { TIDEMARK_HOME: home };
  const times = { node: [] as number[], help: [] as number[], backupsList: [] as number[] };
  for (let round = 0; round < rounds; round += 1) {
    times.node.push(await wallMs(['-e', '0'], env));
    times.help.push(await wallMs([cli, '--help'], env));
    times.backupsList.push(await wallMs([cli, 'backups', 'list'], env));
  }
  return { node: median(times.node), help: median(times.help), backupsList: median(times.backupsList) };
}
