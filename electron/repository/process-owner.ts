import { readFileSync } from 'node:fs';
import { readFile, stat, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';

/**
 * Which process made a file in the repository (a backup being written, a hold on a backup), so
 * another process can tell a live writer from one that died. On the same host the pid is asked;
 * on another host (a shared folder) the file's mtime, touched every minute, is the heartbeat.
 */
export interface ProcessOwner {
  pid: number;
  hostname: string;
  /** Linux's boot id: after a reboot the same pid is another process. */
  bootId: string | null;
  startedAt: string;
}

// The owner file is touched this often; on another host a file older than staleAfterMs is taken as abandoned.
const heartbeatMs = 60_000;
export const defaultStaleAfterMs = 30 * 60_000;

function currentBootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

export function thisProcess(): ProcessOwner {
  return { pid: process.pid, hostname: hostname(), bootId: currentBootId(), startedAt: new Date().toISOString() };
}

/** Touches `file` every minute while the process lives; returns the function that stops it. */
export function startHeartbeat(file: string): () => void {
  const timer = setInterval(() => {
    const now = new Date();
    void utimes(file, now, now).catch(() => undefined);
  }, heartbeatMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** Whether process `pid` runs on this machine (EPERM: it runs, as another user). */
export function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process that wrote the owner file `file` (JSON of a ProcessOwner) still lives; false when there is no readable file. */
export async function ownerFileIsAlive(file: string, staleAfterMs = defaultStaleAfterMs): Promise<boolean> {
  let owner: ProcessOwner;
  let modifiedMs: number;
  try {
    owner = JSON.parse(await readFile(file, 'utf8')) as ProcessOwner;
    modifiedMs = (await stat(file)).mtimeMs;
  } catch {
    return false;
  }
  if (owner.hostname !== hostname()) return Date.now() - modifiedMs < staleAfterMs;
  if (owner.bootId && currentBootId() && owner.bootId !== currentBootId()) return false;
  return owner.pid === process.pid || processIsRunning(owner.pid);
}
