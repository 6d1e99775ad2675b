import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { RequestInput, RequestName, RequestOutput } from '../../shared/contract';
import { call } from '../../shared/contract/call';
import type { TidemarkError } from '../../shared/domain/errors';
import { useBridge } from './bridge-context';

export interface RequestOptions {
  enabled?: boolean;
  refetchInterval?: number | false;
  /** false for an answer that only a user's action should read again (react-query re-reads on focus by default). */
  refetchOnWindowFocus?: boolean;
}

/** A request of the contract as a query, cached under [name, input]. */
export function useRequest<K extends RequestName>(name: K, input: RequestInput<K>, options: RequestOptions = {}) {
  const { api } = useBridge();
  return useQuery<RequestOutput<K>, TidemarkError>({
    queryKey: [name, input],
    queryFn: () => call(api, name, input),
    ...options,
  });
}

/** The same request with several inputs (one per repository, say), each cached as useRequest caches it. */
export function useRequests<K extends RequestName>(name: K, inputs: readonly RequestInput<K>[], options: RequestOptions = {}) {
  const { api } = useBridge();
  return useQueries({
    queries: inputs.map((input) => ({
      queryKey: [name, input],
      queryFn: () => call(api, name, input),
      ...options,
    })),
  });
}

export interface MutationOptions<K extends RequestName> {
  /** Requests whose cached answers are stale once this one succeeds. */
  invalidates?: RequestName[];
  onSuccess?: (output: RequestOutput<K>, input: RequestInput<K>) => void;
}

/** A request that changes something (save, remove, start), with the caches it makes stale. */
export function useMutationRequest<K extends RequestName>(name: K, options: MutationOptions<K> = {}) {
  const { api } = useBridge();
  const queryClient = useQueryClient();
  return useMutation<RequestOutput<K>, TidemarkError, RequestInput<K>>({
    mutationFn: (input) => call(api, name, input),
    onSuccess: async (output, input) => {
      await Promise.all((options.invalidates ?? []).map((stale) => queryClient.invalidateQueries({ queryKey: [stale] })));
      options.onSuccess?.(output, input);
    },
  });
}
