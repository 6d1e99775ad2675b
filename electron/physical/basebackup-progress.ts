import type { BasebackupProgress } from '../../shared/domain/physical';
import { formatBytes } from '../../shared/format/bytes';

/**
 * Reads pg_basebackup -P's progress lines (src/bin/pg_basebackup/pg_basebackup.c, progress_report):
 *   "23019/46038 kB (50%), 0/1 tablespace"                       (with the server's size estimate)
 *   "23019/46038 kB (50%), 0/1 tablespace (/backup/base.tar.zst)" (with --verbose)
 *   "23019 kB, 0/1 tablespace"                                   (with --no-estimate-size)
 * and turns them into bytes done of total, a rate over the last seconds, and the time left.
 */
export class BasebackupProgressReader {
  private samples: { atMs: number; doneBytes: number }[] = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The progress a line reports, or null when the line is not a progress line. */
  read(line: string): BasebackupProgress | null {
    const match = /^\s*(\d+)(?:\/(\d+))? kB(?: \(\s*\d+%\))?, (\d+)\/(\d+) tablespaces?\b/.exec(line);
    if (!match) return null;
    const doneBytes = Number(match[1]) * 1024;
    const totalBytes = match[2] !== undefined ? Math.max(Number(match[2]) * 1024, doneBytes) : null;
    const atMs = this.now();
    this.samples.push({ atMs, doneBytes });
    // A rate over the last five seconds follows changes (a slow tablespace) without jitter.
    while (this.samples.length > 2 && atMs - this.samples[0]!.atMs > 5_000) this.samples.shift();
    const oldest = this.samples[0]!;
    const elapsedSeconds = (atMs - oldest.atMs) / 1000;
    const bytesPerSecond = elapsedSeconds >= 0.5 ? (doneBytes - oldest.doneBytes) / elapsedSeconds : null;
    const secondsLeft = bytesPerSecond && bytesPerSecond > 0 && totalBytes !== null ? Math.max(0, (totalBytes - doneBytes) / bytesPerSecond) : null;
    return {
      doneBytes,
      totalBytes,
      tablespacesDone: Number(match[3]),
      tablespacesTotal: Number(match[4]),
      bytesPerSecond: bytesPerSecond === null ? null : Math.round(bytesPerSecond),
      secondsLeft: secondsLeft === null ? null : Math.round(secondsLeft),
    };
  }
}

/** "1.2 GB of 4.0 GB, 85 MB/s, about 34 s left" for the job's progress line. */
export function describeProgress(progress: BasebackupProgress): string {
  const parts = [progress.totalBytes !== null ? `${formatBytes(progress.doneBytes)} of ${formatBytes(progress.totalBytes)}` : formatBytes(progress.doneBytes)];
  if (progress.bytesPerSecond !== null) parts.push(`${formatBytes(progress.bytesPerSecond)}/s`);
  if (progress.secondsLeft !== null) parts.push(`about ${progress.secondsLeft} s left`);
  return parts.join(', ');
}
