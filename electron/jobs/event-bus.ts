import type { EventName, EventPayload } from '../../shared/contract';

export type EventListener = (name: EventName, payload: EventPayload<EventName>) => void;

/** Fans events out to every host that shows them: Electron windows, WebSocket clients, the CLI. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Follows one event stream, its payload typed by the stream's name. */
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    return this.subscribe((eventName, payload) => {
      // The bus keeps (name, payload) pairs of every stream; a payload under name E is EventPayload<E> (emit's signature).
      if (eventName === name) listener(payload as EventPayload<E>);
    });
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload as EventPayload<EventName>);
      } catch {
        // A broken observer (a closed window, a dropped socket) must not break the job it watches.
      }
    }
  }
}
