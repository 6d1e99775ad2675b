/**
 * Stable error codes the UI and the CLI can act on. Errors cross process boundaries as
 * values ({ ok: false, error }) because Electron passes only an Error's message across IPC.
 */
export type ErrorCode =
  | 'invalid_input'
  | 'unknown_request'
  | 'not_found'
  | 'conflict'
  | 'cancelled'
  /** Its process stopped (a crash, kill -9, a power cut) while it ran. */
  | 'interrupted'
  | 'internal'
  | 'running_as_root'
  // connecting to a server
  | 'host_not_found'
  | 'connection_refused'
  | 'connection_timeout'
  | 'auth_failed'
  | 'password_required'
  | 'database_not_found'
  | 'role_not_found'
  | 'tls_required'
  | 'tls_refused'
  | 'tls_failed'
  | 'not_postgres'
  | 'insufficient_privilege'
  | 'server_error'
  // PostgreSQL's own tools
  | 'tool_missing'
  | 'tool_too_old'
  | 'tool_failed'
  // backups and restores
  | 'disk_full'
  | 'backup_corrupt'
  | 'confirmation_required'
  // point-in-time recovery: refused before anything starts, or stopped short (details.endState says which)
  | 'recovery_refused'
  | 'recovery_failed'
  // local clusters
  | 'cluster_exists'
  | 'cluster_not_found'
  | 'port_in_use'
  | 'cluster_start_failed'
  // notifications: a channel's receiver did not take a message (details.result says how it ended)
  | 'delivery_failed';

export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  /** What the user can do about it, in one sentence. */
  hint?: string;
  /** Extra structured facts (never secrets), e.g. the tool path or the SQLSTATE. */
  details?: Record<string, string | number | boolean | null>;
}

export class TidemarkError extends Error implements ErrorPayload {
  readonly code: ErrorCode;
  readonly hint?: string;
  readonly details?: ErrorPayload['details'];

  constructor(code: ErrorCode, message: string, options: { hint?: string; details?: ErrorPayload['details']; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'TidemarkError';
    this.code = code;
    this.hint = options.hint;
    this.details = options.details;
  }

  toPayload(): ErrorPayload {
    const payload: ErrorPayload = { code: this.code, message: this.message };
    if (this.hint) payload.hint = this.hint;
    if (this.details) payload.details = this.details;
    return payload;
  }

  static fromPayload(payload: ErrorPayload): TidemarkError {
    return new TidemarkError(payload.code, payload.message, { hint: payload.hint, details: payload.details });
  }
}

export function isTidemarkError(error: unknown): error is TidemarkError {
  return error instanceof TidemarkError;
}

/** Anything thrown becomes a payload; unknown errors keep their message but get code 'internal'. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (isTidemarkError(error)) return error.toPayload();
  if (error instanceof Error) return { code: 'internal', message: error.message };
  return { code: 'internal', message: String(error) };
}
