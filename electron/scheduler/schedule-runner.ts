import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Schedule } from '../../shared/contract/schedules';
import { toErrorPayload, TidemarkError } from '../../shared/domain/errors';
import type { RunTrigger, ScheduleRun } from '../../shared/domain/schedule';
import { sweepAbandonedBackups } from '../repository/atomic-backup-dir';
import { repositoryLayout } from '../repository/layout';
import { CronTiming } from './cron-timing';
import { RunnerLeaseFile, type RunnerIdentity } from './runner-lease';
import { ScheduleFiles, type ScheduleState } from './schedule-files';
import { planSlots, withinStartWindow } from './slot-planner';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** What a scheduled run produced. */
export interface ScheduledBackupOutcome {
  backupIds: string[];
  sizeBytes: number;
}

/** Starts the backup a schedule names (through the same services as the backup forms). */
export interface ScheduledBackupExecutor {
  start(schedule: Schedule, repositoryDir: string): Promise<{ jobId: string; finished: Promise<ScheduledBackupOutcome> }>;
  /** Cancels a run's job (the runner is stopping). */
  cancel(jobId: string): Promise<void>;
}

/** Told about each run as it starts and ends, and about missed slots: notifications, retention, heartbeats. */
export interface RunObserver {
  runStarted?(schedule: Schedule, run: ScheduleRun, repositoryDir: string): Promise<void>;
  runFinished?(schedule: Schedule, run: ScheduleRun, repositoryDir: string): Promise<void>;
  slotsMissed?(schedule: Schedule, run: ScheduleRun, repositoryDir: string): Promise<void>;
  /** Each tick of a repository this runner holds: deliveries due, overdue schedules, disk space. */
  ticked?(repositoryDir: string, schedules: Schedule[], now: Date): Promise<void>;
}

export interface ScheduleRunnerDeps {
  clock: Clock;
  identity: RunnerIdentity;
  /** The repositories whose schedules this runner runs. */
  roots(): string[];
  executor: ScheduledBackupExecutor;
  observer?: RunObserver;
  /** One line per event (the daemon prints them). */
  log(line: string): void;
  /** Ticks come at most this far apart while the process is awake. */
  tickIntervalMs?: number;
  staleAfterMs?: number;
}

interface ActiveRun {
  run: Extract<ScheduleRun, { status: 'running' }>;
  done: Promise<void>;
}

const defaultTickIntervalMs = 30_000;

/**
 * Runs the schedules of each repository it holds the lease of. Every decision is taken from the
 * wall clock on a tick (at start, every 30 s, on resume and unlock), never from a long timer,
 * which drifts and stops while a laptop sleeps; what was not run is recorded with why.
 */
export class ScheduleRunner {
  private readonly leases = new Map<string, RunnerLeaseFile>();
  private readonly owned = new Set<string>();
  private readonly active = new Map<string, ActiveRun>();
  private readonly stateWrites = new Map<string, Promise<unknown>>();
  private timer: NodeJS.Timeout | undefined;
  /** Keeps the leases fresh while a run started by runNow() runs in a process that does not tick. */
  private heartbeat: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private lastTickAt: Date | undefined;
  private stopping = false;
  readonly startedAt: Date;

  constructor(private readonly deps: ScheduleRunnerDeps) {
    this.startedAt = new Date(deps.identity.startedAt);
  }

  get identity(): RunnerIdentity {
    return this.deps.identity;
  }

  get tickIntervalMs(): number {
    return this.deps.tickIntervalMs ?? defaultTickIntervalMs;
  }

  /** Ticks now and every interval until stop(); `keepProcessAlive` for a process that does nothing else (the daemon). */
  start(options: { keepProcessAlive?: boolean } = {}): void {
    if (this.timer) return;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.tickIntervalMs);
    if (!options.keepProcessAlive) this.timer.unref?.();
  }

  /** Whether this process runs the schedules of `root` now. */
  owns(root: string): boolean {
    return this.owned.has(root);
  }

  isRunning(scheduleId: string): boolean {
    return this.active.has(scheduleId);
  }

  /** One evaluation of every repository; concurrent calls share the one in progress. */
  tick(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    if (!this.ticking) {
      this.ticking = this.tickNow().finally(() => {
        this.ticking = undefined;
      });
    }
    return this.ticking;
  }

  private async tickNow(): Promise<void> {
    const now = this.deps.clock.now();
    if (this.lastTickAt && now.getTime() - this.lastTickAt.getTime() > 3 * this.tickIntervalMs) {
      this.deps.log(`woke up: ${Math.round((now.getTime() - this.lastTickAt.getTime()) / 1000)} s since the last look at the schedules`);
    }
    this.lastTickAt = now;
    for (const root of this.deps.roots()) {
      try {
        await this.tickRepository(root, now);
      } catch (error) {
        this.deps.log(`${root}: ${toErrorPayload(error).message}`);
      }
    }
  }

  private lease(root: string): RunnerLeaseFile {
    let lease = this.leases.get(root);
    if (!lease) {
      lease = new RunnerLeaseFile(new ScheduleFiles(root).leaseFile, this.deps.identity, this.deps.staleAfterMs);
      this.leases.set(root, lease);
    }
    return lease;
  }

  private async tickRepository(root: string, now: Date): Promise<void> {
    const files = new ScheduleFiles(root);
    const schedules = await files.readSchedules();
    if (schedules.length === 0 && !this.owned.has(root)) return;
    const owner = await this.lease(root).acquireOrRenew(now);
    if (!owner) {
      if (this.owned.delete(root)) this.deps.log(`${root}: another runner holds the schedules now`);
      return;
    }
    if (!this.owned.has(root)) {
      this.owned.add(root);
      this.deps.log(`${root}: running its schedules (${schedules.length})`);
      await this.recoverInterrupted(files, schedules, now);
    }
    await this.takeRequests(files, schedules, now);
    for (const schedule of schedules) {
      if (schedule.paused) continue;
      await this.evaluate(files, schedule, now);
    }
    await this.deps.observer?.ticked?.(root, schedules, now);
  }

  /** Runs left `running` by a runner that is gone are failed (interrupted); their pending folders are swept. */
  private async recoverInterrupted(files: ScheduleFiles, schedules: Schedule[], now: Date): Promise<void> {
    let found = 0;
    for (const schedule of schedules) {
      await this.updateState(files, schedule.id, (state) => {
        state.runs = state.runs.map((run): ScheduleRun => {
          if (run.status !== 'running' || this.active.has(schedule.id)) return run;
          found += 1;
          return {
            ...run,
            status: 'failed',
            finishedAt: now.toISOString(),
            interrupted: true,
            error: { code: 'interrupted', message: 'Its runner stopped while it ran (the app, the daemon or the machine went down); it did not finish.' },
          };
        });
      });
    }
    if (found > 0) {
      const sweep = await sweepAbandonedBackups(repositoryLayout(files.root));
      this.deps.log(`${files.root}: ${found} interrupted run(s) marked failed; ${sweep.markedFailed.length} unfinished backup(s) recorded as failed`);
    }
  }

  private async evaluate(files: ScheduleFiles, schedule: Schedule, now: Date): Promise<void> {
    let timing: CronTiming;
    try {
      timing = new CronTiming(schedule.timing.cron, schedule.timing.timeZone);
    } catch (error) {
      this.deps.log(`schedule ${schedule.name}: ${toErrorPayload(error).message}`);
      return;
    }
    const state = await files.readState(schedule.id);
    const busy = this.active.has(schedule.id);
    if (state.retry && !busy && Date.parse(state.retry.at) <= now.getTime()) {
      const retry = state.retry;
      await this.updateState(files, schedule.id, (s) => {
        s.retry = null;
      });
      if (withinStartWindow(new Date(retry.slot), now, schedule.policy.startWithinMinutes)) {
        await this.startRun(files, schedule, new Date(retry.slot), 'retry', retry.attempt, now);
      } else {
        this.deps.log(`schedule ${schedule.name}: retry of ${retry.slot} not started: past its start window`);
      }
    }
    const plan = planSlots({
      timing,
      catchUp: schedule.policy.catchUp,
      overlap: schedule.policy.overlap,
      startWithinMinutes: schedule.policy.startWithinMinutes,
      // Slots before the schedule was made, edited or resumed were never wanted.
      handledUntil: new Date(Math.max(Date.parse(state.handledUntil ?? schedule.createdAt), Date.parse(schedule.updatedAt))),
      now,
      runnerStartedAt: this.startedAt,
      busy: this.active.has(schedule.id),
      queued: state.queued !== null,
      graceMs: 3 * this.tickIntervalMs,
    });
    if (plan.handledUntil.toISOString() === state.handledUntil || (plan.missed.length === 0 && !plan.start && !plan.queue)) return;
    const missedRuns: ScheduleRun[] = plan.missed.map((missed) => ({
      id: randomUUID(),
      scheduleId: schedule.id,
      status: 'missed',
      slot: missed.first.toISOString(),
      lastSlot: missed.last.toISOString(),
      slotCount: missed.count,
      reason: missed.reason,
      recordedAt: now.toISOString(),
    }));
    await this.updateState(files, schedule.id, (s) => {
      s.handledUntil = plan.handledUntil.toISOString();
      s.runs.push(...missedRuns);
      if (plan.queue) s.queued = { slot: plan.queue.toISOString() };
    });
    for (const run of missedRuns) {
      if (run.status === 'missed') this.deps.log(`schedule ${schedule.name}: missed ${run.slotCount} slot(s) from ${run.slot} (${run.reason})`);
      await this.deps.observer?.slotsMissed?.(schedule, run, files.root);
    }
    if (plan.queue) this.deps.log(`schedule ${schedule.name}: slot ${plan.queue.toISOString()} queued behind the run in progress`);
    if (plan.start) await this.startRun(files, schedule, plan.start.slot, plan.start.trigger, 1, now);
  }

  /** "Run now": here when this process runs the repository's schedules, else asked of the runner that does. */
  async runNow(root: string, schedule: Schedule): Promise<{ runId: string | null; queuedForOwner: boolean }> {
    const files = new ScheduleFiles(root);
    const now = this.deps.clock.now();
    if (!this.owned.has(root) && (await this.lease(root).acquireOrRenew(now))) {
      this.owned.add(root);
      await this.recoverInterrupted(files, await files.readSchedules(), now);
    }
    if (!this.owned.has(root)) {
      await mkdir(files.requestsDir, { recursive: true });
      await writeFile(join(files.requestsDir, `${randomUUID()}.json`), JSON.stringify({ scheduleId: schedule.id, askedAt: now.toISOString() }));
      return { runId: null, queuedForOwner: true };
    }
    if (this.active.has(schedule.id)) throw new TidemarkError('conflict', `Schedule ${schedule.name} is running already.`);
    const run = await this.startRun(files, schedule, now, 'manual', 1, now);
    return { runId: run?.id ?? null, queuedForOwner: false };
  }

  private async takeRequests(files: ScheduleFiles, schedules: Schedule[], now: Date): Promise<void> {
    const names = await readdir(files.requestsDir).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      const path = join(files.requestsDir, name);
      const asked = await readFile(path, 'utf8')
        .then((text) => JSON.parse(text) as { scheduleId?: string })
        .catch(() => ({}) as { scheduleId?: string });
      await rm(path, { force: true });
      const schedule = schedules.find((s) => s.id === asked.scheduleId);
      if (!schedule) continue;
      if (this.active.has(schedule.id)) this.deps.log(`schedule ${schedule.name}: "run now" ignored, it is running already`);
      else await this.startRun(files, schedule, now, 'manual', 1, now);
    }
  }

  private async startRun(
    files: ScheduleFiles,
    schedule: Schedule,
    slot: Date,
    trigger: RunTrigger,
    attempt: number,
    now: Date,
  ): Promise<ScheduleRun | undefined> {
    let started: Awaited<ReturnType<ScheduledBackupExecutor['start']>>;
    const base = {
      id: randomUUID(),
      scheduleId: schedule.id,
      slot: slot.toISOString(),
      trigger,
      attempt,
      startedAt: now.toISOString(),
      ownerId: this.deps.identity.ownerId,
    };
    try {
      started = await this.deps.executor.start(schedule, files.root);
    } catch (error) {
      // It could not even start (the profile is gone, no password): a failed run, retried like any other.
      const failed = { ...base, jobId: '', status: 'failed' as const, finishedAt: now.toISOString(), error: toErrorPayload(error), interrupted: false };
      await this.finishRun(files, schedule, failed);
      return failed;
    }
    const run: ActiveRun['run'] = { ...base, jobId: started.jobId, status: 'running' };
    await this.updateState(files, schedule.id, (state) => {
      state.runs.push(run);
    });
    this.deps.log(`schedule ${schedule.name}: started (${trigger}${attempt > 1 ? `, attempt ${attempt}` : ''}) for slot ${run.slot}, job ${run.jobId}`);
    await this.deps.observer?.runStarted?.(schedule, run, files.root);
    const done = started.finished.then(
      async (outcome) => {
        await this.finishRun(files, schedule, { ...run, status: 'succeeded', finishedAt: this.deps.clock.now().toISOString(), ...outcome });
      },
      async (error: unknown) => {
        const payload = toErrorPayload(error);
        await this.finishRun(files, schedule, {
          ...run,
          status: 'failed',
          finishedAt: this.deps.clock.now().toISOString(),
          error: payload,
          interrupted: this.stopping && payload.code === 'cancelled',
        });
      },
    );
    this.active.set(schedule.id, { run, done });
    if (!this.timer && !this.heartbeat) {
      this.heartbeat = setInterval(() => {
        for (const root of this.owned) void this.lease(root).acquireOrRenew(this.deps.clock.now());
      }, this.tickIntervalMs);
      this.heartbeat.unref?.();
    }
    return run;
  }

  private async finishRun(files: ScheduleFiles, schedule: Schedule, run: Extract<ScheduleRun, { status: 'succeeded' | 'failed' }>): Promise<void> {
    const retries = schedule.policy.retries;
    let finished: ScheduleRun = run;
    if (run.status === 'failed' && !run.interrupted && run.attempt <= retries.count) {
      const delayMs = retries.delaySeconds * 1000 * 2 ** (run.attempt - 1);
      finished = { ...run, retryAt: new Date(Date.parse(run.finishedAt) + delayMs).toISOString() };
    }
    let queued: { slot: string } | null = null;
    await this.updateState(files, schedule.id, (state) => {
      const index = state.runs.findIndex((r) => r.id === run.id);
      if (index >= 0) state.runs[index] = finished;
      else state.runs.push(finished);
      if (finished.status === 'failed' && finished.retryAt) state.retry = { slot: finished.slot, attempt: finished.attempt + 1, at: finished.retryAt };
      queued = state.queued;
      state.queued = null;
    });
    this.active.delete(schedule.id);
    this.deps.log(
      `schedule ${schedule.name}: ${finished.status}${finished.status === 'failed' ? `: ${finished.error.message}${finished.retryAt ? ` (retry at ${finished.retryAt})` : ''}` : ''}`,
    );
    await this.deps.observer?.runFinished?.(schedule, finished, files.root).catch((error: unknown) => {
      this.deps.log(`schedule ${schedule.name}: after the run: ${toErrorPayload(error).message}`);
    });
    const next = queued as { slot: string } | null;
    if (next && !this.stopping) {
      const now = this.deps.clock.now();
      if (withinStartWindow(new Date(next.slot), now, schedule.policy.startWithinMinutes))
        await this.startRun(files, schedule, new Date(next.slot), 'slot', 1, now);
    }
  }

  /** State changes of one schedule, one at a time (a run ending and a tick can meet). */
  private updateState(files: ScheduleFiles, scheduleId: string, change: (state: ScheduleState) => void): Promise<void> {
    const key = `${files.root}\0${scheduleId}`;
    const previous = this.stateWrites.get(key) ?? Promise.resolve();
    const next = previous.then(async () => {
      const state = await files.readState(scheduleId);
      change(state);
      await files.writeState(state);
    });
    this.stateWrites.set(
      key,
      next.catch(() => undefined),
    );
    return next;
  }

  /** Resolves once no tick and no state write is in progress (runs may still be running). */
  async quiet(): Promise<void> {
    for (let calm = 0; calm < 3;) {
      const pending = [this.ticking, ...this.stateWrites.values()];
      await Promise.all(pending);
      await new Promise((resolve) => setImmediate(resolve));
      const now = [this.ticking, ...this.stateWrites.values()];
      calm = now.length === pending.length && now.every((p, i) => p === pending[i]) ? calm + 1 : 0;
    }
  }

  /**
   * Stops ticking; runs in progress get `graceMs` to finish, then are cancelled (recorded failed,
   * interrupted); the leases are given up so another runner takes over at once.
   */
  async stop(options: { graceMs?: number } = {}): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
    const running = [...this.active.values()];
    if (running.length > 0) {
      const finished = Promise.all(running.map((active) => active.done));
      let graceTimer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        finished.then(() => false),
        new Promise<boolean>((resolve) => (graceTimer = setTimeout(() => resolve(true), options.graceMs ?? 0))),
      ]);
      // A pending grace timer keeps Node's event loop alive: the daemon would linger until the grace ran out.
      clearTimeout(graceTimer);
      if (timedOut) {
        this.deps.log(`stopping: cancelling ${running.length} run(s) in progress`);
        await Promise.all(running.map((active) => this.deps.executor.cancel(active.run.jobId)));
        await finished;
      }
    }
    await Promise.all([...this.stateWrites.values()]);
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const root of this.owned) await this.lease(root).release();
    this.owned.clear();
  }
}
