import { resolve } from 'node:path';
import { repositoryLayout, type RepositoryLayout } from './layout';
import { sweepAbandonedBackups, type SweepReport } from './atomic-backup-dir';

const sweeps = new Map<string, Promise<SweepReport>>();

/**
 * The layout of a repository, swept of crash leftovers the first time this process opens it
 * (the "next start" of the atomicity rule: the app, the CLI and browser mode each sweep once).
 */
export async function openRepository(root: string): Promise<RepositoryLayout> {
  const layout = repositoryLayout(resolve(root));
  let sweep = sweeps.get(layout.root);
  if (!sweep) {
    sweep = sweepAbandonedBackups(layout);
    sweeps.set(layout.root, sweep);
    // A failed sweep (an unreachable share) is retried on the next open.
    sweep.catch(() => sweeps.delete(layout.root));
  }
  await sweep.catch(() => undefined);
  return layout;
}

/** The report of this process's sweep of a repository, if it has been opened. */
export function lastSweep(root: string): Promise<SweepReport> | undefined {
  return sweeps.get(resolve(root));
}
