import type { HeartbeatSignal } from '../../shared/domain/notification';
import { deliverOverHttp } from './http-request';
import { urlSecretParts } from './redaction';
import type { SendOutcome } from './send-outcome';

export const heartbeatTimeoutMs = 10_000;

/**
 * healthchecks.io's ping URLs (and the services that copy them): `<url>/start` when a run
 * starts, `<url>` when it succeeds, `<url>/fail` when it fails. A monitor that hears nothing
 * within its grace time raises the alarm, so a laptop that is off is noticed by someone.
 */
export function heartbeatUrl(url: string, signal: HeartbeatSignal): string {
  if (signal === 'success') return url;
  const parsed = new URL(url);
  parsed.pathname = `${parsed.pathname.replace(/\/+$/, '')}/${signal}`;
  return parsed.toString();
}

/** POST, so the body (the schedule's name, a failure's message) shows in the monitor's log of the ping. */
export function sendHeartbeat(url: string, signal: HeartbeatSignal, body: string | undefined, version: string): Promise<SendOutcome> {
  return deliverOverHttp({
    url: heartbeatUrl(url, signal),
    method: 'POST',
    headers: { 'content-type': 'text/plain; charset=utf-8', 'user-agent': `Tidemark/${version}` },
    body: body ?? '',
    timeoutMs: heartbeatTimeoutMs,
    secrets: urlSecretParts(url),
  });
}
