import { rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import type { RequestParsed } from '../../shared/contract';
import { scheduleInputSchema, type Schedule, type ScheduleInput, type SchedulesOverview, type ScheduleView } from '../../shared/contract/schedules';
import { TidemarkError, toErrorPayload } from '../../shared/domain/errors';
import type { RunnerLease, ScheduleRun } from '../../shared/domain/schedule';
import { retentionPolicyProblem } from '../../shared/domain/retention';
import type { ConnectionResolver } from '../profiles/connection-resolver';
import { withClient } from '../profiles/open-client';
import type { ProfileStore } from '../profiles/profile-store';
import type { Repositories } from '../repository/repositories';
import { CronTiming } from './cron-timing';
import { overdueOf } from './overdue';
import { runnerIdentity, RunnerLeaseFile } from './runner-lease';
import { ScheduleFiles } from './schedule-files';
import { ScheduleRunner, systemClock, type Clock, type RunObserver, type ScheduledBackupExecutor } from './schedule-runner';

export interface SchedulerServiceDeps {
  readonly host: RunnerLease['host'];
  readonly profiles: ProfileStore;
  readonly connections: ConnectionResolver;
  readonly repositories: Repositories;
  readonly executor: ScheduledBackupExecutor;
  readonly observer?: RunObserver;
  readonly clock?: Clock;
}

/** How far ahead the list looks for daylight-saving changes (the preview looks a year ahead). */
const listWarningDays = 60;

/**
 * Schedules: kept in the repository (schedules.json), listed with their next run, last result and
 * runner, and run by this process's ScheduleRunner once a host starts it (the app, browser mode,
 * `tidemark daemon`). Editing works from any process; only the lease holder runs them.
 */
export class SchedulerService {
  private runnerInstance: ScheduleRunner | undefined;
  private logLine: (line: string) => void = () => undefined;
  private readonly edits = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: SchedulerServiceDeps) {}

  private get clock(): Clock {
    return this.deps.clock ?? systemClock;
  }

  /** This process's runner (made on first use; ticking only after startRunner). */
  runner(host: RunnerLease['host'] = this.deps.host, log?: (line: string) => void): ScheduleRunner {
    if (log) this.logLine = log;
    this.runnerInstance ??= new ScheduleRunner({
      clock: this.clock,
      identity: runnerIdentity(host, this.clock.now()),
      roots: () => this.deps.repositories.knownRoots(),
      executor: this.deps.executor,
      observer: this.deps.observer,
      log: (line) => this.log(line),
    });
    return this.runnerInstance;
  }

  /** One line of the runner's log (the daemon prints them; the app keeps none yet). */
  log(line: string): void {
    this.logLine(line);
  }

  /** Starts running schedules in this process (the app, browser mode, the daemon). */
  startRunner(host: RunnerLease['host'] = this.deps.host, log?: (line: string) => void): ScheduleRunner {
    const runner = this.runner(host, log);
    runner.start({ keepProcessAlive: host === 'daemon' });
    return runner;
  }

  async stopRunner(options: { graceMs?: number } = {}): Promise<void> {
    await this.runnerInstance?.stop(options);
  }

  private root(repositoryDir: string | undefined, profileId?: string): string {
    const profile = profileId ? this.deps.profiles.list().find((p) => p.id === profileId) : undefined;
    return this.deps.repositories.rootFor({ repositoryDir, profile });
  }

  async list({ repositoryDir, profileId }: RequestParsed<'schedules.list'>): Promise<SchedulesOverview> {
    const root = this.root(repositoryDir, profileId);
    const files = new ScheduleFiles(root);
    const schedules = (await files.readSchedules()).filter((s) => !profileId || s.profileId === profileId);
    return {
      repositoryDir: root,
      owner: await this.ownerOf(root),
      schedules: await Promise.all(schedules.map((schedule) => this.view(files, schedule))),
    };
  }

  async get(name: string, repositoryDir?: string): Promise<ScheduleView> {
    const { files, schedule } = await this.find(name, repositoryDir);
    return this.view(files, schedule);
  }

  async history(name: string, repositoryDir: string | undefined, limit: number): Promise<{ name: string; runs: ScheduleRun[] }> {
    const { files, schedule } = await this.find(name, repositoryDir);
    const state = await files.readState(schedule.id);
    return { name: schedule.name, runs: state.runs.slice(-limit).reverse() };
  }

  preview({ cron, timeZone, count }: RequestParsed<'schedules.preview'>) {
    const timing = new CronTiming(cron, timeZone);
    const now = this.clock.now();
    return { upcoming: timing.upcoming(count, now), dstWarnings: timing.dstWarnings(now) };
  }

  async save(input: ScheduleInput, options: { repositoryDir?: string; replace: boolean }): Promise<ScheduleView> {
    const parsed = scheduleInputSchema.parse(input);
    const profile = this.deps.profiles.get(parsed.profileId);
    new CronTiming(parsed.timing.cron, parsed.timing.timeZone);
    const retentionProblem = parsed.retention && parsed.applyRetention ? retentionPolicyProblem(parsed.retention) : null;
    if (retentionProblem) {
      throw new TidemarkError('invalid_input', retentionProblem, {
        hint: "Give at least one rule a count above zero (for example --retention keep-last=7), use the profile's policy, or leave retention off.",
      });
    }
    const root = this.root(options.repositoryDir, profile.id);
    const files = new ScheduleFiles(root);
    const saved = await this.edit(files, (schedules) => {
      const now = this.clock.now().toISOString();
      const existing = schedules.find((s) => s.name.toLowerCase() === parsed.name.toLowerCase());
      if (existing && !options.replace) {
        throw new TidemarkError('conflict', `A schedule named ${existing.name} exists already.`, { hint: 'Choose another name, or replace it.' });
      }
      const schedule: Schedule = {
        ...parsed,
        id: existing?.id ?? randomUUID(),
        profileName: profile.name,
        paused: existing?.paused ?? false,
        createdAt: existing?.createdAt ?? now,
        updatedAt: now,
      };
      return { schedules: existing ? schedules.map((s) => (s === existing ? schedule : s)) : [...schedules, schedule], result: schedule };
    });
    return this.view(files, saved, { checkConnection: true });
  }

  async remove(name: string, repositoryDir?: string): Promise<{ name: string; removed: true }> {
    const { files, schedule } = await this.find(name, repositoryDir);
    await this.edit(files, (schedules) => ({ schedules: schedules.filter((s) => s.id !== schedule.id), result: undefined }));
    await rm(files.stateFile(schedule.id), { force: true });
    return { name: schedule.name, removed: true };
  }

  /** Pausing and resuming restart the schedule's clock: slots of the pause are not missed, they were not wanted. */
  async setPaused(name: string, paused: boolean, repositoryDir?: string): Promise<ScheduleView> {
    const { files, schedule } = await this.find(name, repositoryDir);
    const updated = await this.edit(files, (schedules) => {
      const changed = { ...schedule, paused, updatedAt: this.clock.now().toISOString() };
      return { schedules: schedules.map((s) => (s.id === schedule.id ? changed : s)), result: changed };
    });
    return this.view(files, updated);
  }

  async runNow(name: string, repositoryDir?: string): Promise<{ name: string; runId: string | null; queuedForOwner: boolean }> {
    const { files, schedule } = await this.find(name, repositoryDir);
    return { name: schedule.name, ...(await this.runner().runNow(files.root, schedule)) };
  }

  private async find(name: string, repositoryDir?: string): Promise<{ files: ScheduleFiles; schedule: Schedule }> {
    const roots = repositoryDir ? [this.deps.repositories.rootFor({ repositoryDir })] : this.deps.repositories.knownRoots();
    for (const root of roots) {
      const files = new ScheduleFiles(root);
      const schedule =
        (await files.readSchedules()).find((s) => s.name === name) ?? (await files.readSchedules()).find((s) => s.name.toLowerCase() === name.toLowerCase());
      if (schedule) return { files, schedule };
    }
    throw new TidemarkError('not_found', `No schedule named ${name} in ${roots.join(' or ')}.`, { hint: 'See the names with `tidemark schedule list`.' });
  }

  /** Read-modify-write of schedules.json, one at a time in this process. */
  private edit<T>(files: ScheduleFiles, change: (schedules: Schedule[]) => { schedules: Schedule[]; result: T }): Promise<T> {
    const previous = this.edits.get(files.root) ?? Promise.resolve();
    const next = previous.then(async () => {
      const { schedules, result } = change(await files.readSchedules());
      await files.writeSchedules(schedules);
      return result;
    });
    this.edits.set(
      files.root,
      next.catch(() => undefined),
    );
    return next;
  }

  private async ownerOf(root: string): Promise<SchedulesOverview['owner']> {
    const runner = this.runnerInstance;
    const probe = new RunnerLeaseFile(new ScheduleFiles(root).leaseFile, runner ? runner.identity : runnerIdentity(this.deps.host, this.clock.now()));
    const lease = await probe.read();
    if (!lease) return null;
    return { ...lease, stale: probe.isStale(lease, this.clock.now()), isThisProcess: runner !== undefined && lease.ownerId === runner.identity.ownerId };
  }

  private async view(files: ScheduleFiles, schedule: Schedule, options: { checkConnection?: boolean } = {}): Promise<ScheduleView> {
    const now = this.clock.now();
    const state = await files.readState(schedule.id);
    const timing = new CronTiming(schedule.timing.cron, schedule.timing.timeZone);
    const lastRun = state.runs.at(-1) ?? null;
    const [next] = schedule.paused ? [] : timing.upcoming(1, now);
    const lastSuccess = state.runs.findLast((run) => run.status === 'succeeded') ?? null;
    return {
      schedule,
      next: next ?? null,
      lastRun,
      lastSuccess,
      overdue: overdueOf(schedule, timing, lastSuccess, now),
      running: this.runnerInstance?.isRunning(schedule.id) ?? lastRun?.status === 'running',
      dstWarnings: timing.dstWarnings(now, listWarningDays),
      ...(await this.problemOf(schedule, options.checkConnection ?? false)),
    };
  }

  /**
   * What would make the schedule fail before its first slot comes: its profile is gone, or no
   * password can be found and the server asks for one (tried only when saving: it connects).
   */
  private async problemOf(schedule: Schedule, checkConnection: boolean): Promise<{ problem?: string }> {
    const profile = this.deps.profiles.list().find((p) => p.id === schedule.profileId);
    if (!profile) return { problem: `Its connection profile (${schedule.profileName}) is not on this machine.` };
    if (!checkConnection) return {};
    try {
      const resolved = await this.deps.connections.resolve({ profile });
      await withClient(resolved, async (client) => client.query('SELECT 1'));
      return {};
    } catch (error) {
      const payload = toErrorPayload(error);
      return { problem: `A test connection for ${profile.name} failed: ${payload.message}${payload.hint ? ` ${payload.hint}` : ''}` };
    }
  }
}
