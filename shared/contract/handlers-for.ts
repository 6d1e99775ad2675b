import type { z } from 'zod';
import type { OutputOf, RequestSpec } from './define';

/** The handler map for one slice of the contract: each request's parsed input to its output. Each family's *-handlers.ts answers its slice with it. */
export type HandlersFor<Slice extends Record<string, RequestSpec<z.ZodType, unknown>>> = {
  [K in keyof Slice]: (input: z.output<Slice[K]['input']>) => Promise<OutputOf<Slice[K]>>;
};
