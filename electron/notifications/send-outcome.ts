/**
 * What one attempt at delivering gave. `transient` is tried again (a network error, a timeout, a
 * 5xx, a 429); `permanent` is not (a 4xx, a refused login, a mailbox that does not exist);
 * `undeliverable` means this host cannot deliver it at all (a desktop notification in a daemon).
 * `detail` is shown in the history: it must hold no secret (senders pass it through redactText).
 */
export type SendOutcome =
  | { status: 'delivered'; detail: string; httpStatus?: number }
  | { status: 'transient'; detail: string; httpStatus?: number; retryAfterMs?: number }
  | { status: 'permanent'; detail: string; httpStatus?: number }
  | { status: 'undeliverable'; detail: string };

/** How an HTTP answer counts: 2xx delivered; 408, 425, 429 and 5xx worth another try; any other answer a refusal. */
export function outcomeOfHttpStatus(status: number, statusText: string, retryAfter: string | null): SendOutcome {
  const detail = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  if (status >= 200 && status < 300) return { status: 'delivered', detail, httpStatus: status };
  if (status >= 500 || status === 408 || status === 425 || status === 429) {
    const retryAfterMs = retryAfterMsOf(retryAfter);
    return { status: 'transient', detail, httpStatus: status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  return { status: 'permanent', detail, httpStatus: status };
}

/** Retry-After in seconds (HTTP dates are rare from webhooks and ignored). */
function retryAfterMsOf(header: string | null): number | undefined {
  if (!header || !/^\d{1,6}$/.test(header.trim())) return undefined;
  return Number(header.trim()) * 1000;
}
