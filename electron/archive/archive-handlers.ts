import type { archiveRequests } from '../../shared/contract/archive';
import type { HandlersFor } from '../api/handlers-for';
import type { Services } from '../api/services';
import { withClient } from '../profiles/open-client';
import { applyArchiveSetup, planArchiveSetup } from './archive-setup';
import { verifyArchiving } from './archive-verification';
import { archiveDirFor } from '../wal/archive-folder';
import { querySystemIdentifier } from '../wal/archive-server-settings';
import { newArchiverHistory, readArchiverStatus } from './archiver-status';
import { serverContext } from '../wal/server-context';

export function archiveHandlers(services: Services): HandlersFor<typeof archiveRequests> {
  // The previous reading per cluster, for as long as the host runs: "failed_count rising".
  const history = newArchiverHistory();
  return {
    'archive.plan': async ({ server, repositoryDir, method, archiveTimeoutSeconds }) =>
      planArchiveSetup(services, await serverContext(services, server, repositoryDir), { method, archiveTimeoutSeconds }),

    'archive.apply': async (input) => {
      const context = await serverContext(services, input.server, input.repositoryDir);
      const job = services.jobs.start({
        kind: 'archive.setup',
        title: `Set up WAL archiving for ${context.connection.label}`,
        run: (job) =>
          applyArchiveSetup(services, context, {
            method: input.method,
            archiveTimeoutSeconds: input.archiveTimeoutSeconds,
            restart: input.restart,
            verify: input.verify,
            verifyTimeoutMs: input.verifyTimeoutMs,
            signal: job.signal,
            onStep: (phase, message) => {
              job.progress({ phase, message });
              job.log('info', message);
            },
            reconnect: () => serverContext(services, input.server, input.repositoryDir),
          }),
      });
      return { jobId: job.id };
    },

    'archive.verify': async ({ server, repositoryDir, timeoutMs }) => {
      const context = await serverContext(services, server, repositoryDir);
      const job = services.jobs.start({
        kind: 'archive.verify',
        title: `Verify WAL archiving of ${context.connection.label}`,
        run: async (job) => {
          job.progress({ phase: 'verifying', message: 'Switching to a new WAL segment and waiting for it in the repository.' });
          const systemIdentifier = await withClient(context.connection, querySystemIdentifier);
          return verifyArchiving(context.connection, archiveDirFor(context.repositoryRoot, systemIdentifier), { timeoutMs, signal: job.signal });
        },
      });
      return { jobId: job.id };
    },

    'archive.status': async ({ server }) => {
      const context = await serverContext(services, server);
      return withClient(context.connection, (client) => readArchiverStatus(client, history));
    },
  };
}
