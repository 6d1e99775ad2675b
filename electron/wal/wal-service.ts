import type { RequestParsed } from '../../shared/contract';
import { TidemarkError } from '../../shared/domain/errors';
import type {
  RecoverableWindow,
  WalArchiveSummary,
  WalCleanupPlan,
  WalCleanupResult,
  WalSegmentDetails,
  WalSegmentPage,
} from '../../shared/domain/wal-archive';
import type { ToolService } from '../pgtools/tool-service';
import type { ConnectionResolver } from '../profiles/connection-resolver';
import { withClient } from '../profiles/open-client';
import { openRepository } from '../repository/open-repository';
import { completePhysicalBackups } from '../repository/physical-manifests';
import type { Repositories } from '../repository/repositories';
import { resolveArchive, type ResolvedArchive } from './archive-ref';
import { recoverableWindow } from './recoverable-window';
import { segmentDetails } from './segment-details';
import { serverContext, type ServerContext } from './server-context';
import { archivedClusters, archiveSummary, openArchive, segmentPage, type OpenedArchive } from './wal-archive';
import { planWalCleanup, runWalCleanup } from './wal-cleanup';

export interface WalServiceDeps {
  readonly connections: ConnectionResolver;
  readonly repositories: Repositories;
  /** pg_waldump, for a segment's records and the window's commit times. */
  readonly tools: ToolService;
}

/** Browsing the WAL archive: its clusters, timelines and segments, the recoverable window, cleanup. */
export class WalService {
  constructor(private readonly deps: WalServiceDeps) {}

  async clusters({ repositoryDir, server }: RequestParsed<'wal.clusters'>): Promise<{ repositoryDir: string; systemIdentifiers: string[] }> {
    const root = server ? (await serverContext(this.deps, server, repositoryDir)).repositoryRoot : this.deps.repositories.rootFor({ repositoryDir });
    return { repositoryDir: root, systemIdentifiers: await archivedClusters(root) };
  }

  // The browser's views may show an earlier session's listing while the folder is read again.
  async summary(input: RequestParsed<'wal.summary'>): Promise<WalArchiveSummary> {
    return archiveSummary(await open(await resolveArchive(this.deps, input), { fullScan: input.fullScan, allowStale: true }));
  }

  async segments(input: RequestParsed<'wal.segments'>): Promise<WalSegmentPage> {
    return segmentPage(await open(await resolveArchive(this.deps, input), { allowStale: true }), input);
  }

  async segment(input: RequestParsed<'wal.segment'>): Promise<WalSegmentDetails> {
    return segmentDetails(this.deps.tools, await open(await resolveArchive(this.deps, input)), input.name);
  }

  async window(input: RequestParsed<'wal.window'>): Promise<RecoverableWindow> {
    const resolved = await resolveArchive(this.deps, input);
    const archiveTimeoutSeconds = resolved.server ? await archiveTimeoutOf(resolved.server) : null;
    return recoverableWindow(this.deps.tools, await open(resolved), await keptBackups(resolved), { rpoSeconds: input.rpoSeconds, archiveTimeoutSeconds });
  }

  async cleanupPreview(input: RequestParsed<'wal.cleanupPreview'>): Promise<WalCleanupPlan> {
    const resolved = await resolveArchive(this.deps, input);
    return planWalCleanup(await open(resolved), await keptBackups(resolved)).plan;
  }

  async cleanup(input: RequestParsed<'wal.cleanup'>): Promise<WalCleanupResult> {
    const resolved = await resolveArchive(this.deps, input);
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
  }
}

function open(resolved: ResolvedArchive, options: { fullScan?: boolean; allowStale?: boolean } = {}): Promise<OpenedArchive> {
  return openArchive(resolved.repositoryRoot, resolved.systemIdentifier, options);
}

async function keptBackups(resolved: ResolvedArchive) {
  return completePhysicalBackups(await openRepository(resolved.repositoryRoot), resolved.systemIdentifier);
}

/** The server's archive_timeout for the window's advice; null when the server cannot be asked. */
function archiveTimeoutOf(server: ServerContext): Promise<number | null> {
  return withClient(server.connection, async (client) =>
    Number((await client.query<{ t: string }>("select setting as t from pg_settings where name = 'archive_timeout'")).rows[0]?.t ?? 0),
  ).catch(() => null);
}
