import type { walRequests } from '../../shared/contract/wal';
import { TidemarkError } from '../../shared/domain/errors';
import type { HandlersFor } from '../api/handlers-for';
import type { Services } from '../api/services';
import { completePhysicalBackups } from '../physical/physical-backups';
import { withClient } from '../profiles/open-client';
import { openRepository } from '../repository/open-repository';
import { resolveArchive, type ResolvedArchive } from './archive-ref';
import { recoverableWindow } from './recoverable-window';
import { segmentDetails } from './segment-details';
import { serverContext } from './server-context';
import { archivedClusters, archiveSummary, openArchive, segmentPage } from './wal-archive';
import { planWalCleanup, runWalCleanup } from './wal-cleanup';

export function walHandlers(services: Services): HandlersFor<typeof walRequests> {
  const open = async (resolved: ResolvedArchive, options: { fullScan?: boolean; allowStale?: boolean } = {}) =>
    openArchive(resolved.repositoryRoot, resolved.systemIdentifier, options);
  const keptBackups = async (resolved: ResolvedArchive) => completePhysicalBackups(await openRepository(resolved.repositoryRoot), resolved.systemIdentifier);
  return {
    'wal.clusters': async ({ repositoryDir: dir, server }) => {
      const root = server ? (await serverContext(services, server, dir)).repositoryRoot : services.repositories.rootFor({ repositoryDir: dir });
      return { repositoryDir: root, systemIdentifiers: await archivedClusters(root) };
    },
    // The browser's views may show an earlier session's listing while the folder is read again.
    'wal.summary': async (input) => archiveSummary(await open(await resolveArchive(services, input), { fullScan: input.fullScan, allowStale: true })),
    'wal.segments': async (input) => segmentPage(await open(await resolveArchive(services, input), { allowStale: true }), input),
    'wal.segment': async (input) => segmentDetails(services.tools, await open(await resolveArchive(services, input)), input.name),
    'wal.window': async (input) => {
      const resolved = await resolveArchive(services, input);
      const archiveTimeoutSeconds = resolved.server
        ? await withClient(resolved.server.connection, async (client) =>
            Number((await client.query<{ t: string }>("select setting as t from pg_settings where name = 'archive_timeout'")).rows[0]?.t ?? 0),
          ).catch(() => null)
        : null;
      return recoverableWindow(services.tools, await open(resolved), await keptBackups(resolved), { rpoSeconds: input.rpoSeconds, archiveTimeoutSeconds });
    },
    'wal.cleanupPreview': async (input) => {
      const resolved = await resolveArchive(services, input);
      return planWalCleanup(await open(resolved), await keptBackups(resolved)).plan;
    },
    'wal.cleanup': async (input) => {
      const resolved = await resolveArchive(services, input);
      const archive = await open(resolved);
      const backups = await keptBackups(resolved);
      const { plan } = planWalCleanup(archive, backups);
      if (plan.deleteCount !== input.confirmCount) {
        throw new TidemarkError(
          'conflict',
          `The cleanup would now delete ${plan.deleteCount} file(s), not the ${input.confirmCount} confirmed: the archive or the backups changed since the preview.`,
          {
            hint: 'Look at the preview again and confirm its count.',
          },
        );
      }
      return runWalCleanup(archive, backups);
    },
  };
}
