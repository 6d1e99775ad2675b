import type { EventName, EventPayload, RequestInput, RequestName, RequestOutput, TidemarkApi } from '../../shared/contract';
import type { Outcome } from '../../shared/contract/outcome';
import { TidemarkError } from '../../shared/domain/errors';
import { dispatch, type Handlers } from './dispatch';
import type { Services } from './services';

/** The contract served in-process (CLI, tests): the same validation path as IPC and WebSocket. */
export function createLocalApi(services: Services, handlers: Handlers): TidemarkApi {
  return {
    invoke<K extends RequestName>(name: K, input: RequestInput<K>) {
      return dispatch(handlers, name, input) as Promise<Outcome<RequestOutput<K>>>;
    },
    on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void) {
      return services.events.subscribe((eventName, payload) => {
        if (eventName === name) listener(payload as unknown as EventPayload<E>);
      });
    },
  };
}

/** invoke() that returns the value or throws the error as a TidemarkError. */
export async function call<K extends RequestName>(api: TidemarkApi, name: K, input: RequestInput<K>): Promise<RequestOutput<K>> {
  const outcome = await api.invoke(name, input);
  if (!outcome.ok) throw TidemarkError.fromPayload(outcome.error);
  return outcome.value;
}
