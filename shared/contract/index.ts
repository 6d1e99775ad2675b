import type { z } from 'zod';
import type { EventSpec, OutputOf } from './define';
import type { Outcome } from './outcome';
import { appRequests } from './app';
import { archiveRequests } from './archive';
import { backupRequests } from './backups';
import { clusterRequests } from './clusters';
import { healthEvents, healthRequests } from './health';
import { jobEvents, jobRequests } from './jobs';
import { notificationEvents, notificationRequests } from './notifications';
import { physicalRequests } from './physical';
import { pitrRequests } from './pitr';
import { profileRequests } from './profiles';
import { restoreRequests } from './restore';
import { retentionRequests } from './retention';
import { sandboxRequests } from './sandbox';
import { snapshotRequests } from './snapshots';
import { scheduleRequests } from './schedules';
import { toolRequests } from './tools';
import { walRequests } from './wal';

/**
 * The whole IPC contract: every request and every event stream, declared once. The preload,
 * the main process, the browser-mode bridge, the CLI and the renderer all derive their types
 * from these two maps; nothing else names a channel.
 */
export const requests = {
  ...appRequests,
  ...jobRequests,
  ...profileRequests,
  ...toolRequests,
  ...sandboxRequests,
  ...backupRequests,
  ...restoreRequests,
  ...archiveRequests,
  ...walRequests,
  ...physicalRequests,
  ...pitrRequests,
  ...clusterRequests,
  ...scheduleRequests,
  ...notificationRequests,
  ...retentionRequests,
  ...snapshotRequests,
  ...healthRequests,
};

export const events = {
  ...jobEvents,
  ...notificationEvents,
  ...healthEvents,
};

export type Requests = typeof requests;
export type RequestName = keyof Requests;
/** What a caller sends (defaults may be omitted). */
export type RequestInput<K extends RequestName> = z.input<Requests[K]['input']>;
/** What a handler receives after validation (defaults filled in). */
export type RequestParsed<K extends RequestName> = z.output<Requests[K]['input']>;
export type RequestOutput<K extends RequestName> = OutputOf<Requests[K]>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = Events[E] extends EventSpec<infer P> ? P : never;

export function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** The object the preload exposes as `window.tidemark`, and the browser-mode bridge mirrors. */
export interface TidemarkApi {
  invoke<K extends RequestName>(name: K, input: RequestInput<K>): Promise<Outcome<RequestOutput<K>>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export type { Outcome } from './outcome';
