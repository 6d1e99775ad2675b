import { z } from 'zod';
import { connectionTargetSchema } from '../domain/profile';

/**
 * Which server a request is about: a saved profile, or an ad-hoc target (the CLI's --conn, a
 * draft in a wizard) with a one-off password. The main process turns it into a connection; the
 * password never leaves that request.
 */
export const serverRefSchema = z.union([
  z.object({ profileId: z.string().min(1) }),
  z.object({ target: connectionTargetSchema, password: z.string().min(1).optional() }),
]);
export type ServerRef = z.infer<typeof serverRefSchema>;

/** A server and, optionally, the repository folder to use instead of the profile's or the app's. */
export const serverAndRepositorySchema = z.object({
  server: serverRefSchema,
  repositoryDir: z.string().trim().min(1).optional(),
});
