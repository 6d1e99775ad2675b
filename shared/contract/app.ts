import { z } from 'zod';
import { request } from './define';
import type { AppInfo } from '../domain/app';

export const appRequests = {
  'app.info': request<AppInfo>()(z.object({})),
};
