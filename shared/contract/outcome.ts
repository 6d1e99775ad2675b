import type { ErrorPayload } from '../domain/errors';

/** What every request returns across a process boundary: a value, or an error as a value. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ErrorPayload };
