import WebSocket from 'ws';
import type { EventName, EventPayload, Outcome, RequestInput, RequestName, RequestOutput } from '../shared/contract';
import { bridgePath, type BridgeServerMessage } from '../shared/contract/bridge-protocol';
import type { JobSnapshot } from '../shared/domain/job';
import type { BrowserModeServer } from './browser-mode-server';

/** How an attempt to open the bridge ended: open, or refused with the HTTP status of the upgrade. */
export type BridgeAttempt = { opened: true; socket: WebSocket } | { opened: false; status: number | null; message: string };

/** Opens the WebSocket bridge the way a browser would, with whichever token and Origin the test says. */
export function openBridge(server: BrowserModeServer, options: { token?: string; origin?: string | null } = {}): Promise<BridgeAttempt> {
  const token = options.token ?? server.token;
  const origin = options.origin === undefined ? server.origin : options.origin;
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}${bridgePath}?token=${encodeURIComponent(token)}`, origin === null ? {} : { origin });
  return new Promise((resolve) => {
    socket.once('open', () => resolve({ opened: true, socket }));
    socket.once('unexpected-response', (_request, response) => {
      resolve({ opened: false, status: response.statusCode ?? null, message: response.statusMessage ?? '' });
      socket.terminate();
    });
    socket.once('error', (error) => resolve({ opened: false, status: null, message: error.message }));
  });
}

/** The contract over a raw bridge socket, for tests that prepare state without the UI. */
export class BridgeClient {
  private nextId = 1;
  private readonly waiting = new Map<number, (outcome: Outcome<unknown>) => void>();
  private readonly listeners = new Set<(message: BridgeServerMessage) => void>();

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as BridgeServerMessage;
      if (message.type === 'result') {
        this.waiting.get(message.id)?.(message.outcome);
        this.waiting.delete(message.id);
      }
      for (const listener of this.listeners) listener(message);
    });
  }

  static async open(server: BrowserModeServer): Promise<BridgeClient> {
    const attempt = await openBridge(server);
    if (!attempt.opened) throw new Error(`the bridge refused the connection: ${attempt.status} ${attempt.message}`);
    return new BridgeClient(attempt.socket);
  }

  invoke<K extends RequestName>(name: K, input: RequestInput<K>): Promise<Outcome<RequestOutput<K>>> {
    const id = this.nextId++;
    this.socket.send(JSON.stringify({ type: 'invoke', id, name, input }));
    return new Promise((resolve) => this.waiting.set(id, resolve as (outcome: Outcome<unknown>) => void));
  }

  async call<K extends RequestName>(name: K, input: RequestInput<K>): Promise<RequestOutput<K>> {
    const outcome = await this.invoke(name, input);
    if (!outcome.ok) throw new Error(`${name} failed: ${outcome.error.code}: ${outcome.error.message}`);
    return outcome.value;
  }

  /** Resolves with the first event of that name the predicate accepts. */
  nextEvent<E extends EventName>(name: E, accept: (payload: EventPayload<E>) => boolean): Promise<EventPayload<E>> {
    return new Promise((resolve) => {
      const listener = (message: BridgeServerMessage) => {
        if (message.type === 'event' && message.name === name && accept(message.payload as EventPayload<E>)) {
          this.listeners.delete(listener);
          resolve(message.payload as EventPayload<E>);
        }
      };
      this.listeners.add(listener);
    });
  }

  /** Waits for a job to end (polling jobs.get), failing the test unless it succeeded. */
  async waitForJob(jobId: string, timeoutMs = 90_000): Promise<JobSnapshot> {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
      const snapshot = await this.call('jobs.get', { jobId });
      if (snapshot.state.status === 'succeeded') return snapshot;
      if (snapshot.state.status === 'failed' || snapshot.state.status === 'cancelled') {
        throw new Error(`${snapshot.title} ended ${snapshot.state.status}: ${JSON.stringify(snapshot.state)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`job ${jobId} did not finish within ${timeoutMs} ms`);
  }

  close(): void {
    this.socket.close();
  }
}
