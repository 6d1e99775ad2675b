import { isRequestName, requests, type Outcome, type RequestName, type Requests } from '../../shared/contract';
import { toErrorPayload } from '../../shared/domain/errors';
import type { HandlersFor } from '../../shared/contract/handlers-for';

export type Handlers = HandlersFor<Requests>;

/**
 * The one entry point for every request from an untrusted side (a renderer, a WebSocket client,
 * the CLI): the name must be in the contract and the input must pass its schema before any
 * handler sees it; every failure comes back as a value.
 */
export async function dispatch(handlers: Handlers, name: unknown, input: unknown): Promise<Outcome<unknown>> {
  if (!isRequestName(name)) {
    return { ok: false, error: { code: 'unknown_request', message: `Unknown request ${JSON.stringify(String(name)).slice(0, 80)}.` } };
  }
  const parsed = requests[name].input.safeParse(input ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`);
    return { ok: false, error: { code: 'invalid_input', message: `Invalid input for ${name}: ${issues.join('; ')}.` } };
  }
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: toErrorPayload(error) };
  }
}

export type { RequestName };
