import { TidemarkError } from '../../shared/domain/errors';
import { runTool } from '../pgtools/run-tool';

/**
 * The cluster's system identifier as pg_controldata prints it (a decimal string: it exceeds 2^53).
 * It names the cluster's WAL folder in the repository before the server ever starts.
 */
export async function readSystemIdentifier(pgControldata: string, dataDir: string): Promise<string> {
  // pg_controldata's labels are translated; the C locale keeps them parseable.
  const { stdout } = await runTool(pgControldata, [dataDir], { env: { LC_ALL: 'C', LANG: 'C', LANGUAGE: '' } });
  const match = /^Database system identifier:\s+(\d+)\s*$/m.exec(stdout);
  if (!match) throw new TidemarkError('tool_failed', `pg_controldata printed no system identifier for ${dataDir}.`, { details: { tool: pgControldata } });
  return match[1]!;
}
