import { z } from 'zod';
import { request } from './define';
import type { ToolInventory } from '../domain/tools';

export const toolRequests = {
  'tools.inventory': request<ToolInventory>()(z.object({})),
  /** Use this bin folder before any other (null clears the override). */
  'tools.setOverride': request<ToolInventory>()(z.object({ binDir: z.string().trim().min(1).nullable() })),
};
