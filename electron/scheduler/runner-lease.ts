import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import type { RunnerLease } from '../../shared/domain/schedule';
import { fsyncDir } from '../repository/durable-fs';
import { writeJsonAtomic } from '../repository/atomic-file';
import { processIsRunning } from '../repository/process-owner';

/** Who this process is, as its lease says. */
export type RunnerIdentity = Omit<RunnerLease, 'heartbeatAt'>;

export function runnerIdentity(host: RunnerLease['host'], now: Date): RunnerIdentity {
  return { ownerId: randomUUID(), host, hostname: hostname(), pid: process.pid, startedAt: now.toISOString() };
}

/** A lease not refreshed for this long belongs to a runner that is gone (ticks come every 30 s). */
export const defaultStaleAfterMs = 90_000;

/**
 * The one-runner-per-repository rule: `<repo>/schedules/runner.lease` names the process that runs
 * the schedules and is refreshed on every tick. A lease whose owner stopped refreshing it (or, on
 * this machine, whose process is gone) is stale and taken over: renamed away first, so of two
 * processes taking it over at once only one rename succeeds, then created exclusively.
 */
export class RunnerLeaseFile {
  constructor(
    readonly file: string,
    readonly identity: RunnerIdentity,
    private readonly staleAfterMs = defaultStaleAfterMs,
  ) {}

  async read(): Promise<RunnerLease | null> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as RunnerLease;
    } catch {
      // Absent, or half-written by a crash before the rename of an atomic write: nobody holds it.
      return null;
    }
  }

  isStale(lease: RunnerLease, now: Date): boolean {
    if (now.getTime() - Date.parse(lease.heartbeatAt) > this.staleAfterMs) return true;
    return lease.hostname === this.identity.hostname && lease.ownerId !== this.identity.ownerId && !processIsRunning(lease.pid);
  }

  /** Takes the lease or refreshes ours; false when another live runner holds it. */
  async acquireOrRenew(now: Date): Promise<boolean> {
    const current = await this.read();
    const lease: RunnerLease = { ...this.identity, heartbeatAt: now.toISOString() };
    if (current?.ownerId === this.identity.ownerId) {
      await writeJsonAtomic(this.file, lease);
      return (await this.read())?.ownerId === this.identity.ownerId;
    }
    if (current && !this.isStale(current, now)) return false;
    await mkdir(dirname(this.file), { recursive: true });
    if (current) {
      const aside = `${this.file}.stale-${randomUUID()}`;
      try {
        await rename(this.file, aside);
      } catch {
        return false; // another runner moved it first
      }
      await rm(aside, { force: true });
    }
    let handle;
    try {
      handle = await open(this.file, 'wx', 0o644);
    } catch {
      return false; // another runner created it first
    }
    try {
      await handle.writeFile(JSON.stringify(lease, null, 2) + '\n');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsyncDir(dirname(this.file));
    return true;
  }

  /** Gives the lease up (a clean stop), so another runner takes over at once instead of after it goes stale. */
  async release(): Promise<void> {
    if ((await this.read())?.ownerId === this.identity.ownerId) await rm(this.file, { force: true });
  }
}
