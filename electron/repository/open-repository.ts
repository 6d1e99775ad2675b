import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { TidemarkError } from '../../shared/domain/errors';
import { repositoryLayout, type RepositoryLayout } from './layout';
import { sweepAbandonedBackups, type SweepReport } from './atomic-backup-dir';

const sweeps = new Map<string, Promise<SweepReport>>();

/**
 * The layout of a repository, swept of crash leftovers the first time this process opens it
 * (the "next start" of the atomicity rule: the app, the CLI and browser mode each sweep once).
 */
export async function openRepository(root: string): Promise<RepositoryLayout> {
  const layout = repositoryLayout(resolve(root));
  await checkRepositoryRoot(layout.root);
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

/**
 * A repository folder that does not exist yet is fine (the first backup creates it); one that is a
 * file, lies under a file, or cannot be read is refused here with its path, instead of failing
 * later inside a listing with a bare ENOTDIR or EACCES.
 */
async function checkRepositoryRoot(root: string): Promise<void> {
  const hint = "Name a folder with --repo (or the profile's repository folder), or remove what is in the way.";
  const found = await stat(root).catch((error: NodeJS.ErrnoException) => error);
  if (!(found instanceof Error)) {
    if (!found.isDirectory()) throw new TidemarkError('invalid_input', `The backup repository ${root} is a file, not a folder.`, { hint });
    return;
  }
  if (found.code === 'ENOENT') return;
  if (found.code === 'ENOTDIR') throw new TidemarkError('invalid_input', `The backup repository ${root} lies under a file, not a folder.`, { hint });
  if (found.code === 'EACCES' || found.code === 'EPERM') {
    throw new TidemarkError('insufficient_privilege', `Tidemark may not read the backup repository ${root}.`, {
      hint: 'Give the user running Tidemark access to the folder, or name another with --repo.',
    });
  }
  throw new TidemarkError('internal', `The backup repository ${root} cannot be read: ${found.message}`);
}
