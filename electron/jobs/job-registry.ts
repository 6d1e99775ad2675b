import { randomUUID } from 'node:crypto';
import { TidemarkError, toErrorPayload } from '../../shared/domain/errors';
import { isJobOf, type AnyJobSnapshot, type JobKind, type JobProgressOf, type JobResultOf } from '../../shared/contract/jobs';
import { isFinished, type JobLogLine, type JobProgress, type JobSnapshot, type JobState, type LogLevel } from '../../shared/domain/job';
import type { EventBus } from './event-bus';

/** What a running job can do: report progress (of its kind's type), log, and notice cancellation. */
export interface JobContext<Progress extends JobProgress = JobProgress> {
  readonly jobId: string;
  readonly signal: AbortSignal;
  progress(progress: Progress): void;
  log(level: LogLevel, text: string, source?: JobLogLine['source']): void;
  /** Throws a 'cancelled' error if the job was cancelled; call between steps. */
  throwIfCancelled(): void;
}

/** A job to start: its kind (declared in shared/contract) decides what `run` reports and returns. */
export interface JobDefinition<K extends JobKind> {
  kind: K;
  title: string;
  run(context: JobContext<JobProgressOf<K>>): Promise<JobResultOf<K>>;
}

/** A record keeps its snapshot untyped by kind; start() is what ties kind, progress and result together. */
type StoredSnapshot = JobSnapshot<JobKind, JobProgress, unknown>;

interface JobRecord {
  snapshot: StoredSnapshot;
  controller: AbortController;
  logs: JobLogLine[];
  done: Promise<StoredSnapshot>;
}

// The one place a stored snapshot is given its kind's types: start<K>() only ever stores progress
// and results of kind K's types under kind K, so the union is what a record holds.
function typed(snapshot: StoredSnapshot): AnyJobSnapshot {
  return snapshot as AnyJobSnapshot;
}

// A job's log is kept whole up to this many lines; past it the oldest lines go (the manifest of a
// backup keeps its own copy of the log).
const maxLogLinesPerJob = 20_000;
// Finished jobs are forgotten beyond this many, oldest first.
const maxFinishedJobs = 200;

/**
 * Runs long jobs and tracks each as a state machine: queued → running → succeeded | failed |
 * cancelled. start() returns at once; observers follow `job.state` and `job.log` events.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, JobRecord>();

  constructor(private readonly events: EventBus) {}

  start<K extends JobKind>(definition: JobDefinition<K>): { id: string; kind: K } {
    const id = randomUUID();
    const controller = new AbortController();
    const snapshot: StoredSnapshot = {
      id,
      kind: definition.kind,
      title: definition.title,
      createdAt: new Date().toISOString(),
      state: { status: 'queued' },
    };
    const record: JobRecord = { snapshot, controller, logs: [], done: Promise.resolve(snapshot) };
    this.jobs.set(id, record);
    this.forgetOldJobs();
    this.events.emit('job.state', typed(snapshot));

    const context: JobContext<JobProgressOf<K>> = {
      jobId: id,
      signal: controller.signal,
      progress: (progress) => {
        if (!isFinished(record.snapshot.state)) this.transition(record, { status: 'running', progress });
      },
      log: (level, text, source = 'tidemark') => this.appendLog(record, level, text, source),
      throwIfCancelled: () => {
        if (controller.signal.aborted) throw new TidemarkError('cancelled', 'The job was cancelled.');
      },
    };

    record.done = (async () => {
      // Start on the next tick so start() returns the job id before any work happens.
      await new Promise<void>((resolve) => setImmediate(resolve));
      record.snapshot = { ...record.snapshot, startedAt: new Date().toISOString() };
      this.transition(record, { status: 'running', progress: { phase: 'starting' } });
      try {
        const result = await definition.run(context);
        this.transition(record, { status: 'succeeded', result });
      } catch (error) {
        if (controller.signal.aborted) {
          context.log('warning', 'Cancelled.');
          this.transition(record, { status: 'cancelled' });
        } else {
          const payload = toErrorPayload(error);
          context.log('error', payload.hint ? `${payload.message} ${payload.hint}` : payload.message);
          this.transition(record, { status: 'failed', error: payload });
        }
      }
      return record.snapshot;
    })();
    return { id, kind: definition.kind };
  }

  get(jobId: string): AnyJobSnapshot {
    return typed(this.record(jobId).snapshot);
  }

  list(): AnyJobSnapshot[] {
    return [...this.jobs.values()].map((record) => typed(record.snapshot)).reverse();
  }

  logs(jobId: string, afterSeq = 0): JobLogLine[] {
    return this.record(jobId).logs.filter((line) => line.seq > afterSeq);
  }

  cancel(jobId: string): AnyJobSnapshot {
    const record = this.record(jobId);
    if (!isFinished(record.snapshot.state)) {
      this.appendLog(record, 'warning', 'Cancel requested.', 'tidemark');
      record.controller.abort();
    }
    return typed(record.snapshot);
  }

  /** Resolves when the job has finished, whatever the outcome. */
  async wait(jobId: string): Promise<AnyJobSnapshot> {
    return typed(await this.record(jobId).done);
  }

  /** Waits for a job of one of `kinds` to finish: its result, or its error (a failure, a cancellation) thrown. */
  async result<K extends JobKind>(jobId: string, kinds: K | readonly K[]): Promise<JobResultOf<K>> {
    return finishedJobResult(await this.wait(jobId), kinds);
  }

  /** Cancels every unfinished job and waits for them (on quit). */
  async cancelAll(): Promise<void> {
    const running = [...this.jobs.values()].filter((record) => !isFinished(record.snapshot.state));
    for (const record of running) record.controller.abort();
    await Promise.allSettled(running.map((record) => record.done));
  }

  private record(jobId: string): JobRecord {
    const record = this.jobs.get(jobId);
    if (!record) throw new TidemarkError('not_found', `No job with id ${jobId}.`);
    return record;
  }

  private transition(record: JobRecord, state: JobState<JobProgress, unknown>): void {
    const endedAt = isFinished(state) ? new Date().toISOString() : undefined;
    record.snapshot = { ...record.snapshot, state, ...(endedAt ? { endedAt } : {}) };
    this.events.emit('job.state', typed(record.snapshot));
  }

  private appendLog(record: JobRecord, level: LogLevel, text: string, source: JobLogLine['source']): void {
    const previous = record.logs.at(-1);
    const line: JobLogLine = {
      jobId: record.snapshot.id,
      seq: (previous?.seq ?? 0) + 1,
      at: new Date().toISOString(),
      level,
      source,
      text,
    };
    record.logs.push(line);
    if (record.logs.length > maxLogLinesPerJob) record.logs.shift();
    this.events.emit('job.log', line);
  }

  private forgetOldJobs(): void {
    const finished = [...this.jobs.values()].filter((record) => isFinished(record.snapshot.state));
    for (const record of finished.slice(0, Math.max(0, finished.length - maxFinishedJobs))) {
      this.jobs.delete(record.snapshot.id);
    }
  }
}

/** A finished job's result when it succeeded and is of one of `kinds`; otherwise its failure as an error. */
export function finishedJobResult<K extends JobKind>(snapshot: AnyJobSnapshot, kinds: K | readonly K[]): JobResultOf<K> {
  if (!isJobOf(snapshot, kinds)) throw new TidemarkError('internal', `Job ${snapshot.id} is a ${snapshot.kind} job, not ${[kinds].flat().join(' or ')}.`);
  const { state } = snapshot;
  switch (state.status) {
    case 'succeeded':
      return state.result;
    case 'failed':
      throw TidemarkError.fromPayload(state.error);
    case 'cancelled':
      throw new TidemarkError('cancelled', `${snapshot.title} was cancelled.`);
    default:
      throw new TidemarkError('internal', `${snapshot.title} has not finished.`);
  }
}
