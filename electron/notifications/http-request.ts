import { redactText, redactUrl } from './redaction';
import { outcomeOfHttpStatus, type SendOutcome } from './send-outcome';

export interface HttpDelivery {
  url: string;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** What the detail line must not show (a token, the URL's secret parts). */
  secrets: readonly (string | undefined)[];
}

/** How much of a refusing receiver's answer the history keeps: enough for Slack's "invalid_payload". */
const answerExcerptChars = 200;

/**
 * One HTTP request to a receiver, its answer judged as a delivery (send-outcome.ts). Redirects
 * are not followed: a POST turned into a GET elsewhere would be reported delivered without
 * having been.
 */
export async function deliverOverHttp(request: HttpDelivery): Promise<SendOutcome> {
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
  } catch (error) {
    return { status: 'transient', detail: redactText(describeFetchError(error, request), request.secrets) };
  }
  const outcome = outcomeOfHttpStatus(response.status, response.statusText, response.headers.get('retry-after'));
  const answer = outcome.status === 'delivered' ? '' : (await response.text().catch(() => '')).trim().slice(0, answerExcerptChars);
  if (outcome.status === 'delivered') await response.body?.cancel().catch(() => undefined);
  return { ...outcome, detail: redactText(answer ? `${outcome.detail}: ${answer}` : outcome.detail, request.secrets) };
}

function describeFetchError(error: unknown, request: HttpDelivery): string {
  const where = redactUrl(request.url);
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer from ${where} within ${Math.round(request.timeoutMs / 1000)} s`;
  }
  // undici puts the reason (ECONNREFUSED 127.0.0.1:9, ENOTFOUND host) in the cause of "fetch failed".
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : null;
  const message = error instanceof Error ? error.message : String(error);
  return `cannot reach ${where}: ${cause ?? message}`;
}
