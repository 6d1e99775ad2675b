import type { ArchiveRef } from '../../shared/contract/wal';
import { TidemarkError } from '../../shared/domain/errors';
import { withClient } from '../profiles/open-client';
import { querySystemIdentifier } from './archive-server-settings';
import { archivedClusters } from './wal-archive';
import { serverContext, type ServerContext, type ServerContextDeps } from './server-context';

export interface ResolvedArchive {
  repositoryRoot: string;
  systemIdentifier: string;
  /** The server, when the request named one (its archive_timeout feeds the window's advice). */
  server: ServerContext | null;
}

/**
 * The cluster an archive request is about: the identifier given, else the named server's (read
 * from it), else the only cluster the repository holds. Browsing works with the server gone.
 */
export async function resolveArchive(deps: ServerContextDeps, ref: ArchiveRef): Promise<ResolvedArchive> {
  const server = ref.server ? await serverContext(deps, ref.server, ref.repositoryDir) : null;
  const repositoryRoot = server?.repositoryRoot ?? deps.repositories.rootFor({ repositoryDir: ref.repositoryDir });
  if (ref.systemIdentifier) return { repositoryRoot, systemIdentifier: ref.systemIdentifier, server };
  if (server) {
    const systemIdentifier = await withClient(server.connection, querySystemIdentifier);
    return { repositoryRoot, systemIdentifier, server };
  }
  const clusters = await archivedClusters(repositoryRoot);
  if (clusters.length === 1) return { repositoryRoot, systemIdentifier: clusters[0]!, server: null };
  if (clusters.length === 0) {
    throw new TidemarkError('not_found', `The repository ${repositoryRoot} holds no archived WAL.`, {
      hint: 'Set up archiving for a server first (tidemark archive setup --apply).',
    });
  }
  throw new TidemarkError('invalid_input', `The repository ${repositoryRoot} holds the WAL of ${clusters.length} clusters: ${clusters.join(', ')}.`, {
    hint: 'Name one with --cluster SYSTEM_ID, or name the server with --profile / --conn.',
  });
}
