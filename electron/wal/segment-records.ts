import { join } from 'node:path';
import type { WalCommitRecord, WalRecordStats } from '../../shared/domain/wal-archive';
import { isTidemarkError } from '../../shared/domain/errors';
import { parseLsn } from '../../shared/domain/wal';
import type { ToolService } from '../pgtools/tool-service';
import { runTool } from '../pgtools/run-tool';
import { readSegmentHeader } from './segment-header';
import type { WaldumpInput } from './waldump-input';

/**
 * What pg_waldump reads from one segment: records per resource manager (--stats) and the commit
 * and abort records with their timestamps (-r Transaction), which map time onto WAL. pg_waldump
 * must be the major version that wrote the WAL; the segment's page magic says which.
 */

export interface SegmentCommits {
  firstCommit: WalCommitRecord | null;
  lastCommit: WalCommitRecord | null;
  commitCount: number;
  abortCount: number;
  readProblem: string | null;
}

// pg_waldump prints timestamps in its own TZ; UTC makes them unambiguous.
const waldumpEnv = { TZ: 'UTC', LC_ALL: 'C', LANG: 'C', LANGUAGE: '' };

export async function waldumpFor(tools: ToolService, input: WaldumpInput): Promise<string> {
  const header = await readSegmentHeader(join(input.dir, input.fileName)).catch(() => null);
  return tools.pick('pg_waldump', header?.majorVersion ?? null, 'same-major');
}

export async function readSegmentStats(
  waldump: string,
  input: WaldumpInput,
  signal?: AbortSignal,
): Promise<{ stats: WalRecordStats[]; totalRecords: number; readProblem: string | null }> {
  const lines: string[] = [];
  const problem = await runWaldump(waldump, ['--stats', '-p', input.dir, input.fileName], (line) => lines.push(line), signal);
  const stats: WalRecordStats[] = [];
  let totalRecords = 0;
  for (const line of lines) {
    const row = /^(\S+)\s+(\d+)\s+\(\s*[\d.]+\)\s+(\d+)\s+\(\s*[\d.]+\)\s+(\d+)\s+\(\s*[\d.]+\)\s+(\d+)\s+\(\s*[\d.]+\)\s*$/.exec(line);
    if (row) {
      const records = Number(row[2]);
      if (records > 0) {
        stats.push({ resourceManager: row[1]!, records, recordBytes: Number(row[3]), fullPageImageBytes: Number(row[4]), combinedBytes: Number(row[5]) });
      }
      continue;
    }
    const total = /^Total\s+(\d+)\s/.exec(line);
    if (total) totalRecords = Number(total[1]);
  }
  return { stats: stats.sort((a, b) => b.combinedBytes - a.combinedBytes), totalRecords, readProblem: problem };
}

export async function readSegmentCommits(waldump: string, input: WaldumpInput, signal?: AbortSignal): Promise<SegmentCommits> {
  const commits: SegmentCommits = { firstCommit: null, lastCommit: null, commitCount: 0, abortCount: 0, readProblem: null };
  commits.readProblem = await runWaldump(
    waldump,
    ['-r', 'Transaction', '-p', input.dir, input.fileName],
    (line) => {
      const record = parseTransactionRecord(line);
      if (!record) return;
      if (record.kind === 'abort') {
        commits.abortCount += 1;
        return;
      }
      commits.commitCount += 1;
      commits.firstCommit ??= record.commit;
      commits.lastCommit = record.commit;
    },
    signal,
  );
  return commits;
}

/**
 * "rmgr: Transaction len (rec/tot): 34/34, tx: 735, lsn: 0/01558E68, prev 0/01558E30, desc: COMMIT
 * 2026-11-21 05:17:26.378606 UTC; …" → a commit at that LSN and time (microseconds kept).
 */
export function parseTransactionRecord(line: string): { kind: 'commit' | 'abort'; commit: WalCommitRecord } | null {
  const match =
    /tx:\s*(\d+), lsn: ([0-9A-F]+\/[0-9A-F]+), .*desc: (COMMIT|ABORT|COMMIT_PREPARED|ABORT_PREPARED) (?:gid [^;]*?: )?(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d+)?) UTC/.exec(
      line,
    );
  if (!match) return null;
  const lsn = parseLsn(match[2]!);
  if (!lsn) return null;
  return {
    kind: match[3]!.startsWith('ABORT') ? 'abort' : 'commit',
    commit: { lsn, time: `${match[4]}T${match[5]}Z`, xid: Number(match[1]) },
  };
}

/**
 * Runs pg_waldump; returns null when it read to the end, or what it said when it stopped early.
 * Zeros where a record should start ("wanted 24, got 0") are the end of written WAL (a `.partial`
 * file, the last segment of a timeline), not damage.
 */
async function runWaldump(waldump: string, args: string[], onLine: (line: string) => void, signal?: AbortSignal): Promise<string | null> {
  try {
    await runTool(waldump, args, { env: waldumpEnv, captureStdout: false, onStdoutLine: onLine, signal, timeoutMs: 120_000 });
    return null;
  } catch (error) {
    if (!isTidemarkError(error) || error.code !== 'tool_failed') throw error;
    const message = error.message.replace(/^pg_waldump failed: /, '');
    if (/wanted \d+, got 0/.test(message)) return null;
    return message
      .split('\n')
      .filter((line) => !/^pg_waldump: hint:/.test(line))
      .join(' ')
      .trim();
  }
}
