import { TidemarkError } from '../domain/errors';
import type { RequestInput, RequestName, RequestOutput, TidemarkApi } from './index';

/** invoke() that returns the value or throws the error as a TidemarkError. */
export async function call<K extends RequestName>(api: TidemarkApi, name: K, input: RequestInput<K>): Promise<RequestOutput<K>> {
  const outcome = await api.invoke(name, input);
  if (!outcome.ok) throw TidemarkError.fromPayload(outcome.error);
  return outcome.value;
}
