import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { TidemarkError } from '../../shared/domain/errors';
import { sandboxClusterId } from '../../shared/domain/sandbox';
import { clusterPgpassFile, serverLogFile } from '../clusters/managed-clusters';
import { isClusterRunning, stopCluster, type ClusterBinaries } from '../clusters/local-cluster';

/** Where the sandbox lives: `<home>/clusters/sandbox/{data,server.log,pgpass}`. */
export interface SandboxFolder {
  folder: string;
  dataDir: string;
  logFile: string;
  pgpassFile: string;
  /** Present while a create job works in the folder; holds the creating process's pid. */
  creatingMarker: string;
}

export function sandboxFolder(clustersDir: string): SandboxFolder {
  const folder = join(clustersDir, sandboxClusterId);
  const dataDir = join(folder, 'data');
  return {
    folder,
    dataDir,
    logFile: serverLogFile({ dataDir }),
    pgpassFile: clusterPgpassFile({ dataDir }),
    creatingMarker: join(folder, '.creating'),
  };
}

/** The pid of the live process creating the sandbox, or null when nobody is. */
export async function sandboxCreator(paths: SandboxFolder): Promise<number | null> {
  const pid = Number(await readFile(paths.creatingMarker, 'utf8').catch(() => ''));
  if (!Number.isInteger(pid) || pid <= 0) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
}

/**
 * Makes the sandbox folder for a new create job and marks it as being created. mkdir is atomic, so
 * two creators (the app and the CLI at once) cannot both win. A folder left by a create that
 * crashed (no live creator; the caller checked that no complete sandbox is registered) is removed
 * first: it never held anything that looked complete.
 */
export async function claimSandboxFolder(paths: SandboxFolder, binaries: ClusterBinaries): Promise<{ removedLeftover: boolean }> {
  await mkdir(dirname(paths.folder), { recursive: true, mode: 0o700 });
  let removedLeftover = false;
  try {
    await mkdir(paths.folder, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const creator = await sandboxCreator(paths);
    if (creator !== null) {
      throw new TidemarkError('conflict', `The sandbox is being created right now (process ${creator}).`, {
        hint: `Wait for that to finish. If no Tidemark is running, delete ${paths.folder} and try again.`,
      });
    }
    await discardSandboxFolder(paths, binaries);
    await mkdir(paths.folder, { mode: 0o700 });
    removedLeftover = true;
  }
  await writeFile(paths.creatingMarker, String(process.pid));
  return { removedLeftover };
}

export async function markSandboxComplete(paths: SandboxFolder): Promise<void> {
  await rm(paths.creatingMarker, { force: true });
}

/** Stops any server still running in the folder, then removes the folder. */
export async function discardSandboxFolder(paths: SandboxFolder, binaries: ClusterBinaries): Promise<void> {
  await stopAnyServer(binaries, paths.dataDir);
  await rm(paths.folder, { recursive: true, force: true });
}

// A cancelled `pg_ctl start` leaves its postmaster starting on its own: look again briefly so
// the folder is not removed from under a server that is still writing its pid file.
async function stopAnyServer(binaries: ClusterBinaries, dataDir: string): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await isClusterRunning(binaries, dataDir)) await stopCluster(binaries, dataDir, 'immediate').catch(() => undefined);
    const pidFileLeft = await access(join(dataDir, 'postmaster.pid')).then(
      () => true,
      () => false,
    );
    if (!pidFileLeft) return;
    await delay(500);
  }
}
