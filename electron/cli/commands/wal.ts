import type { Command } from 'commander';
import type { ArchiveRef } from '../../../shared/contract/wal';
import type { RecoverableWindow, WalArchiveSummary, WalCleanupPlan, WalGap, WalSegmentDetails, WalSegmentPage } from '../../../shared/domain/wal-archive';
import { formatLsn, type Lsn } from '../../../shared/domain/wal';
import { call } from '../../api/local-api';
import { cliContext } from '../cli-context';
import { addConnectionOptions, type ConnectionOptions } from '../connection-options';
import { table, type OutputOptions } from '../output';
import { optionalConnection, positiveInteger, runCommand } from './backup-cli-common';
import { formatBytes } from '../../../shared/format/bytes';

interface ArchiveOptions extends ConnectionOptions, OutputOptions {
  cluster?: string;
}

/**
 * LSNs cross the contract as { hi, lo }; scripts reading --json want PostgreSQL's own "X/Y".
 * With --json every object shaped exactly like an Lsn is printed that way (the human rendering
 * formats them itself).
 */
export function forOutput<T>(options: OutputOptions, value: T): T {
  if (!options.json) return value;
  return JSON.parse(JSON.stringify(value), (_key, item: unknown) => (isLsn(item) ? formatLsn(item) : item)) as T;
}

function isLsn(item: unknown): item is Lsn {
  if (typeof item !== 'object' || item === null) return false;
  const keys = Object.keys(item);
  return keys.length === 2 && typeof (item as Lsn).hi === 'number' && typeof (item as Lsn).lo === 'number';
}

/** The archive a command is about: --cluster, else the --profile/--conn server's, else the repository's only one. */
export function archiveRefOf(options: ArchiveOptions): ArchiveRef {
  const server = optionalConnection(cliContext().services, options);
  return { repositoryDir: options.repo, ...(server ? { server } : {}), ...(options.cluster ? { systemIdentifier: options.cluster } : {}) };
}

function archiveCommand(parent: Command, name: string, description: string): Command {
  return addConnectionOptions(parent.command(name).description(description))
    .option('--cluster <system-id>', 'the cluster whose archive to read (when the repository holds several and no server is named)')
    .option('--json', 'print one JSON document (LSNs as X/Y)');
}

export function registerWalCommand(program: Command): void {
  const wal = program.command('wal').description('browse the WAL archive: segments, timelines, gaps, the recoverable window, cleanup');

  archiveCommand(wal, 'list', 'timelines, gaps and a page of archived segments')
    .option('--timeline <n>', 'only this timeline', positiveInteger('--timeline'))
    .option('--offset <n>', 'skip this many segments', positiveInteger('--offset'), 0)
    .option('--limit <n>', 'segments to list', positiveInteger('--limit'), 50)
    .option('--last', 'list the newest segments (the end of the archive)')
    .action((options: ArchiveOptions & { timeline?: number; offset: number; limit: number; last?: boolean }) =>
      runCommand(
        options,
        async () => {
          const { api } = cliContext();
          const ref = archiveRefOf(options);
          const summary = await call(api, 'wal.summary', ref);
          const total = options.timeline ? (summary.timelines.find((t) => t.timeline === options.timeline)?.segmentCount ?? 0) : summary.segmentCount;
          const offset = options.last ? Math.max(0, total - options.limit) : options.offset;
          const page = await call(api, 'wal.segments', { ...ref, timeline: options.timeline, offset, limit: Math.min(options.limit, 2_000) });
          return forOutput(options, { summary, page });
        },
        ({ summary, page }) => [describeSummary(summary), '', page.segments.length === 0 ? 'No segments.' : segmentTable(page)].join('\n'),
      ),
    );

  archiveCommand(wal, 'show', 'one segment: records by resource manager (pg_waldump --stats), first and last commit')
    .argument('<segment>', 'the segment name, e.g. 000000010000000000000003')
    .action((segment: string, options: ArchiveOptions) =>
      runCommand(
        options,
        async () => forOutput(options, await call(cliContext().api, 'wal.segment', { ...archiveRefOf(options), name: segment })),
        describeSegment,
      ),
    );

  archiveCommand(wal, 'window', 'the times and LSNs point-in-time recovery can reach, per timeline')
    .option('--rpo <seconds>', 'the data loss you accept, for the archive_timeout advice', positiveInteger('--rpo'), 300)
    .action((options: ArchiveOptions & { rpo: number }) =>
      runCommand(
        options,
        async () => forOutput(options, await call(cliContext().api, 'wal.window', { ...archiveRefOf(options), rpoSeconds: Math.max(60, options.rpo) })),
        describeWindow,
      ),
    );

  archiveCommand(wal, 'cleanup', "delete archived WAL no kept base backup needs (pg_archivecleanup's rule)")
    .option('--dry-run', 'only say what would be deleted')
    .action((options: ArchiveOptions & { dryRun?: boolean }) =>
      runCommand(
        options,
        async () => {
          const { api } = cliContext();
          const ref = archiveRefOf(options);
          const preview = await call(api, 'wal.cleanupPreview', ref);
          if (options.dryRun || preview.deleteCount === 0) return { dryRun: Boolean(options.dryRun), ...preview, deleted: 0, freedBytes: 0, failures: [] };
          return { dryRun: false, ...(await call(api, 'wal.cleanup', { ...ref, confirmCount: preview.deleteCount })) };
        },
        (result) => describeCleanup(result, result.dryRun),
        (result) => (result.failures.length > 0 ? 1 : 0),
      ),
    );
}

function describeSummary(summary: WalArchiveSummary): string {
  const lines = [`Cluster ${summary.systemIdentifier}: ${summary.segmentCount} segments, ${formatBytes(summary.sizeBytes)} in ${summary.archiveDir}`];
  for (const node of summary.timelines) {
    const origin =
      node.parentTimeline !== null
        ? `forked from ${node.parentTimeline} at ${node.forkLsn ? formatLsn(node.forkLsn) : '?'} (${node.reason})`
        : node.historyMissing
          ? 'HISTORY FILE MISSING'
          : 'root';
    lines.push(
      `  timeline ${node.timeline}: ${node.segmentCount} segments ${node.firstSegment ?? ''}..${node.lastSegment ?? ''}, ${origin}${node.partialFiles.length ? `, partial: ${node.partialFiles.join(' ')}` : ''}`,
    );
  }
  for (const gap of summary.gaps) lines.push(`  ${describeGap(gap)}`);
  if (summary.truncatedSegments.length) lines.push(`  ${summary.truncatedSegments.length} truncated segment(s), first ${summary.truncatedSegments[0]}`);
  if (summary.backupFiles.length)
    lines.push(
      `  ${summary.backupFiles.length} base backup record(s), the newest: ${summary.backupFiles.at(-1)!.fileName}${summary.backupFiles.at(-1)!.backupId ? ` (backup ${summary.backupFiles.at(-1)!.backupId})` : ''}`,
    );
  lines.push(`  scanned in ${summary.scan.elapsedMs} ms (${summary.scan.filesStatted} files statted, ${summary.scan.fromCache} from the index)`);
  return lines.join('\n');
}

function describeGap(gap: WalGap): string {
  const range = gap.missingCount === 1 ? gap.firstMissing : `${gap.firstMissing}..${gap.lastMissing} (${gap.missingCount})`;
  const cut = gap.backupsCutOff.length ? `; recovery from ${gap.backupsCutOff.join(', ')} stops here` : '';
  return `GAP on timeline ${gap.timeline}: ${range} missing, ${gap.segmentsCutOff} later segment(s) cut off${cut}`;
}

function segmentTable(page: WalSegmentPage): string {
  const rows = [['SEGMENT', 'LSN RANGE', 'SIZE', 'ARCHIVED', 'NOTE']];
  for (const s of page.segments) {
    rows.push([
      s.fileName,
      `${formatLsn(s.startLsn)} – ${formatLsn(s.endLsn)}`,
      formatBytes(s.sizeBytes),
      s.archivedAt.replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
      [s.compression !== 'none' ? s.compression : '', s.truncated ? 'TRUNCATED' : ''].filter(Boolean).join(' '),
    ]);
  }
  return `${table(rows)}\n(${page.offset + 1}–${page.offset + page.segments.length} of ${page.total})`;
}

function describeSegment(details: WalSegmentDetails): string {
  const lines = [`${details.segment.fileName}: ${formatLsn(details.segment.startLsn)} – ${formatLsn(details.segment.endLsn)}, ${details.totalRecords} records`];
  lines.push(`  commits: ${details.commitCount}, aborts: ${details.abortCount}`);
  if (details.firstCommit) lines.push(`  first commit ${details.firstCommit.time} (xid ${details.firstCommit.xid}, ${formatLsn(details.firstCommit.lsn)})`);
  if (details.lastCommit) lines.push(`  last commit  ${details.lastCommit.time} (xid ${details.lastCommit.xid}, ${formatLsn(details.lastCommit.lsn)})`);
  if (details.readProblem) lines.push(`  pg_waldump stopped early: ${details.readProblem}`);
  lines.push(
    '',
    table([
      ['RESOURCE MANAGER', 'RECORDS', 'RECORD BYTES', 'FPI BYTES'],
      ...details.stats.map((s) => [s.resourceManager, String(s.records), String(s.recordBytes), String(s.fullPageImageBytes)]),
    ]),
  );
  return lines.join('\n');
}

function describeWindow(window: RecoverableWindow): string {
  const lines = [`Cluster ${window.systemIdentifier}`];
  if (window.intervals.length === 0) lines.push('  Nothing can be recovered to a point in time yet.');
  for (const item of window.intervals) {
    lines.push(
      `  timeline ${item.timeline}: ${item.from.time ?? '?'} (${formatLsn(item.from.lsn)}) → ${item.to.time ?? '?'} (${formatLsn(item.to.lsn)}), from backup ${item.baseBackupIds.join(', ')}; ends at ${item.endsAt}${item.nextMissing ? ` (${item.nextMissing} missing)` : ''}`,
    );
  }
  if (window.latest) lines.push(`  latest recoverable: ${window.latest.time ?? 'unknown time'} (${formatLsn(window.latest.lsn)})`);
  for (const backup of window.baseBackups.filter((b) => !b.usable)) lines.push(`  backup ${backup.backupId} cannot be used: ${backup.problem}`);
  for (const gap of window.gaps) lines.push(`  ${describeGap(gap)}`);
  if (window.idleLag) lines.push('', window.idleLag.explanation);
  for (const note of window.notes) lines.push(`  note: ${note}`);
  return lines.join('\n');
}

function describeCleanup(
  result: WalCleanupPlan & { deleted: number; freedBytes: number; failures: { fileName: string; message: string }[] },
  dryRun: boolean,
): string {
  if (result.deleteCount === 0) return result.reason ?? 'Nothing to delete.';
  const kept = `kept: everything from ${result.oldestNeededSegment} on (the start of backup ${result.cutoffBackupId ?? '?'}) and every history file`;
  if (dryRun) return `Would delete ${result.deleteCount} file(s), ${formatBytes(result.deleteBytes)}: ${result.firstDeleted} … ${result.lastDeleted}\n${kept}`;
  const failures = result.failures.map((f) => `  could not delete ${f.fileName}: ${f.message}`);
  return [`Deleted ${result.deleted} file(s), ${formatBytes(result.freedBytes)}; ${kept}`, ...failures].join('\n');
}
