import type { ArchivedSegment, WalSegmentDetails } from '../../shared/domain/wal-archive';
import { TidemarkError } from '../../shared/domain/errors';
import { formatLsn, lsnOf } from '../../shared/domain/wal';
import type { ToolService } from '../pgtools/tool-service';
import { readSegmentCommits, readSegmentStats, waldumpFor, type SegmentCommits } from './segment-records';
import { waldumpInput } from './waldump-input';
import { findSegment, type OpenedArchive } from './wal-archive';

/** A segment's records by resource manager and its first and last commit (pg_waldump). */
export async function segmentDetails(tools: ToolService, archive: OpenedArchive, name: string, signal?: AbortSignal): Promise<WalSegmentDetails> {
  const found = findSegment(
    archive,
    name
      .trim()
      .toUpperCase()
      .replace(/\.PARTIAL$/, '.partial'),
  );
  if (!found) throw new TidemarkError('not_found', `No segment ${name} in the archive of cluster ${archive.systemIdentifier}.`);
  const input = await waldumpInput(archive.archiveDir, found.segment);
  try {
    const waldump = await waldumpFor(tools, input);
    const stats = await readSegmentStats(waldump, input, signal);
    const commits = await cachedCommits(archive, found.segment, () => readSegmentCommits(waldump, input, signal));
    return {
      segment: found.segment,
      stats: stats.stats,
      totalRecords: stats.totalRecords,
      commitCount: commits.commitCount,
      abortCount: commits.abortCount,
      firstCommit: commits.firstCommit,
      lastCommit: commits.lastCommit,
      readProblem: stats.readProblem ?? commits.readProblem,
    };
  } finally {
    await input.release();
  }
}

/** A segment's commits, from the index's cache when the file has not changed since. */
export async function segmentCommits(tools: ToolService, archive: OpenedArchive, segment: ArchivedSegment, signal?: AbortSignal): Promise<SegmentCommits> {
  return cachedCommits(archive, segment, async () => {
    const input = await waldumpInput(archive.archiveDir, segment);
    try {
      return await readSegmentCommits(await waldumpFor(tools, input), input, signal);
    } finally {
      await input.release();
    }
  });
}

async function cachedCommits(archive: OpenedArchive, segment: ArchivedSegment, read: () => Promise<SegmentCommits>): Promise<SegmentCommits> {
  const cached = archive.index.commitFacts(segment.fileName);
  if (cached) {
    return {
      firstCommit: cached.firstCommit ? { ...cached.firstCommit, lsn: lsnOf(cached.firstCommit.lsn) } : null,
      lastCommit: cached.lastCommit ? { ...cached.lastCommit, lsn: lsnOf(cached.lastCommit.lsn) } : null,
      commitCount: cached.commitCount,
      abortCount: cached.abortCount,
      readProblem: cached.readProblem,
    };
  }
  const commits = await read();
  const file = archive.index.files.get(segment.fileName);
  if (file) {
    archive.index.rememberCommitFacts(segment.fileName, {
      sizeBytes: file.sizeBytes,
      mtimeMs: file.mtimeMs,
      firstCommit: commits.firstCommit ? { ...commits.firstCommit, lsn: formatLsn(commits.firstCommit.lsn) } : null,
      lastCommit: commits.lastCommit ? { ...commits.lastCommit, lsn: formatLsn(commits.lastCommit.lsn) } : null,
      commitCount: commits.commitCount,
      abortCount: commits.abortCount,
      readProblem: commits.readProblem,
    });
  }
  return commits;
}
