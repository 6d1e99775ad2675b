import type { z } from 'zod';
import type { RequestSpec } from '../../shared/contract/define';

/** The handler map for one slice of the contract: each request's parsed input to its output. */
export type HandlersFor<Slice extends Record<string, RequestSpec<z.ZodType, unknown>>> = {
  [K in keyof Slice]: (input: z.output<Slice[K]['input']>) => Promise<Slice[K] extends RequestSpec<z.ZodType, infer O> ? O : never>;
};
