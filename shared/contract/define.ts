import type { z } from 'zod';
import type { JobProgress } from '../domain/job';

/**
 * One request of the IPC contract: its input schema (validated in the main process,
 * because renderer input is untrusted) and its output type (a phantom: types only).
 */
export interface RequestSpec<Input extends z.ZodType, Output> {
  readonly input: Input;
  readonly __output?: Output;
}

/** What a request answers: the output its spec names. */
export type OutputOf<Spec> = Spec extends RequestSpec<z.ZodType, infer Output> ? Output : never;

/** `request<Output>()(inputSchema)`: the curried form lets Output be named while Input is inferred. */
export function request<Output>() {
  return function withInput<Input extends z.ZodType>(input: Input): RequestSpec<Input, Output> {
    return { input };
  };
}

/** One event stream pushed from the main process to every window (and the CLI, and tests). */
export interface EventSpec<Payload> {
  readonly __payload?: Payload;
}

export function event<Payload>(): EventSpec<Payload> {
  return {};
}

/**
 * One kind of long job: what starts it (the start request's input), what its progress carries,
 * and what it yields. Types only: a job's state travels on `job.state`, typed by its `kind`, so a
 * follower (the renderer's useJob, the CLI's followJob, a test) reads the result without a cast.
 */
export interface JobSpec<Input, Progress extends JobProgress, Result> {
  readonly __input?: Input;
  readonly __progress?: Progress;
  readonly __result?: Result;
}

export function job<Input, Progress extends JobProgress, Result>(): JobSpec<Input, Progress, Result> {
  return {};
}

/** What a request that starts a job answers at once: the job's id. `Kind` names the job it started (types only). */
export interface JobStarted<Kind extends string> {
  jobId: string;
  readonly __kind?: Kind;
}
