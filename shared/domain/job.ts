import type { ErrorPayload } from './errors';

/**
 * A long job (backup, restore, recovery, sandbox creation) as a state machine. Every observer
 * (a window opened late, the CLI, a test) reads the same snapshot, then follows `job.state` events.
 */
export type JobState<Progress = JobProgress, Result = unknown> =
  | { status: 'queued' }
  | { status: 'running'; progress: Progress }
  | { status: 'succeeded'; result: Result }
  | { status: 'failed'; error: ErrorPayload }
  | { status: 'cancelled' };

export type JobStatus = JobState['status'];

export interface JobProgress<Detail = unknown> {
  /** A short name of the current step, e.g. "initdb", "dumping", "verifying". */
  phase: string;
  /** 0..1 when it can be estimated. */
  fraction?: number;
  doneBytes?: number;
  totalBytes?: number;
  /** One line for people, e.g. "12 of 40 tables". */
  message?: string;
  /** The kind's own figures beside the line (a recovery's replay position, segments fetched, …). */
  detail?: Detail;
}

/** One job's state; shared/contract/jobs.ts gives each kind its progress and result types. */
export interface JobSnapshot<Kind extends string = string, Progress = JobProgress, Result = unknown> {
  id: string;
  kind: Kind;
  title: string;
  createdAt: string;
  startedAt?: string;
  endedAt?: string;
  state: JobState<Progress, Result>;
}

export type LogLevel = 'info' | 'warning' | 'error';

export interface JobLogLine {
  jobId: string;
  seq: number;
  at: string;
  level: LogLevel;
  /** Where the line came from: a tool's stderr/stdout or Tidemark itself. */
  source: 'tidemark' | 'stdout' | 'stderr';
  text: string;
}

export function isFinished(state: JobState): boolean {
  return state.status === 'succeeded' || state.status === 'failed' || state.status === 'cancelled';
}
