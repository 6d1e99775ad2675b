import type { EventName, EventPayload, RequestInput, RequestName, RequestOutput, TidemarkApi } from '../../shared/contract';
import type { Outcome } from '../../shared/contract/outcome';
import { dispatch, type Handlers } from './dispatch';
import type { Services } from './services';

/** The contract served in-process (CLI, tests): the same validation path as IPC and WebSocket. */
export function createLocalApi(services: Services, handlers: Handlers): TidemarkApi {
  return {
    invoke<K extends RequestName>(name: K, input: RequestInput<K>) {
      return dispatch(handlers, name, input) as Promise<Outcome<RequestOutput<K>>>;
    },
    on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void) {
      return services.events.on(name, listener);
    },
  };
}

// The renderer unwraps outcomes the same way: one definition in shared/.
export { call } from '../../shared/contract/call';
