import type { ServerReport } from '../../shared/domain/server';
import { pgDumpFit } from '../pgtools/tool-fit';
import type { ToolService } from '../pgtools/tool-service';
import { type ConnectionSubject } from './connection';
import type { ConnectionResolver } from './connection-resolver';
import { withClient } from './open-client';
import { assessReadiness } from './readiness';
import { readServerFacts } from './server-inspection';

// The inspection queries read catalogs and settings only; a server too busy to answer them in
// this long is reported rather than waited on.
const inspectionQueryTimeoutMs = 10_000;

/** Connects, reads the server's facts, and says what Tidemark can do with it (the profile test). */
export async function inspectServer(
  deps: { readonly connections: ConnectionResolver; readonly tools: ToolService },
  subject: ConnectionSubject,
): Promise<ServerReport> {
  const started = Date.now();
  const resolved = await deps.connections.resolve(subject);
  const facts = await withClient({ ...resolved, clientConfig: { ...resolved.clientConfig, query_timeout: inspectionQueryTimeoutMs } }, readServerFacts);
  const elapsedMs = Date.now() - started;
  return { facts, readiness: assessReadiness(facts), elapsedMs, tools: await pgDumpFit(deps.tools, facts.majorVersion) };
}
