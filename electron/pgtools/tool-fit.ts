import { isTidemarkError } from '../../shared/domain/errors';
import type { ToolFit } from '../../shared/domain/server';
import { pickTool } from './discovery';
import type { ToolService } from './tool-service';

/** Whether a pg_dump that can dump a server of `serverMajor` is installed, or why not, for people. */
export async function pgDumpFit(tools: ToolService, serverMajor: number): Promise<ToolFit> {
  try {
    const { path, installation } = pickTool(await tools.inventory(), 'pg_dump', serverMajor);
    return { pgDump: { path, version: installation.version }, problem: null };
  } catch (error) {
    if (!isTidemarkError(error)) throw error;
    return { pgDump: null, problem: error.hint ? `${error.message} ${error.hint}` : error.message };
  }
}
