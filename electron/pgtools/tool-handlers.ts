import type { toolRequests } from '../../shared/contract/tools';
import type { HandlersFor } from '../../shared/contract/handlers-for';
import type { ToolService } from './tool-service';

export function toolHandlers(tools: ToolService): HandlersFor<typeof toolRequests> {
  return {
    'tools.inventory': async () => tools.inventory(true),
    'tools.setOverride': async ({ binDir }) => tools.setOverride(binDir),
  };
}
