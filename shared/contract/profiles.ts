import { z } from 'zod';
import { request } from './define';
import { connectionTargetSchema, profileDraftSchema, type ProfileView } from '../domain/profile';
import type { ServerReport } from '../domain/server';

export const profileRequests = {
  'profiles.list': request<ProfileView[]>()(z.object({})),
  'profiles.save': request<ProfileView>()(profileDraftSchema),
  'profiles.remove': request<{ removed: boolean }>()(z.object({ id: z.string().min(1) })),
  /** Test a saved profile, or an unsaved draft (with an optional one-off password). */
  'profiles.test': request<ServerReport>()(
    z.union([z.object({ id: z.string().min(1) }), z.object({ target: connectionTargetSchema, password: z.string().min(1).optional() })]),
  ),
};
