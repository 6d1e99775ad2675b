import type { z } from 'zod';

/**
 * One request of the IPC contract: its input schema (validated in the main process,
 * because renderer input is untrusted) and its output type (a phantom: types only).
 */
export interface RequestSpec<Input extends z.ZodType, Output> {
  readonly input: Input;
  readonly __output?: Output;
}

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
