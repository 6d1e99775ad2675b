import { readFile } from 'node:fs/promises';
import { formatSegmentName, parseSegmentName, segmentFromNumber, segmentNumber } from '../../shared/domain/wal';
import type { RecoveryProblem } from '../../shared/domain/pitr';
import type { JobContext } from '../jobs/job-registry';
import type { RecoveryProgressTracker } from './recovery-progress';
import { parseServerLogLine, type ServerLogEvent } from './server-log-events';
import { ServerLogFollower } from './server-log-follower';

// "restored log file" comes ~13 times a second during replay: the job log gets one summary line
// a second instead, so 20,000 lines of log keep what matters.
const restoredSummaryEveryMs = 1_000;

/**
 * The recovering server's log, followed into the job log and read for what recovery has done:
 * segments restored, the target reached, paused, promoted, or the reason it stopped.
 */
export class RecoveryLogReader {
  readonly follower: ServerLogFollower;
  lastRestored: string | null = null;
  stopping: { description: string; time: string | null } | null = null;
  consistent = false;
  paused = false;
  promoted = false;
  shutDown = false;
  newTimeline: number | null = null;
  lastCommitTime: string | null = null;
  private failure: ServerLogEvent | null = null;
  private restoredSinceSummary: string[] = [];
  private lastSummaryAt = 0;

  constructor(
    readonly logFile: string,
    startOffset: number,
    private readonly context: JobContext,
    private readonly tracker: RecoveryProgressTracker,
    private readonly archive: { segmentSizeBytes: number; lineageSegments: Set<string> },
  ) {
    this.follower = new ServerLogFollower(logFile, startOffset, (line) => this.onLine(line));
  }

  static async at(
    logFile: string,
    fromEnd: boolean,
    context: JobContext,
    tracker: RecoveryProgressTracker,
    archive: { segmentSizeBytes: number; lineageSegments: Set<string> },
  ): Promise<RecoveryLogReader> {
    return new RecoveryLogReader(logFile, fromEnd ? await ServerLogFollower.endOf(logFile) : 0, context, tracker, archive);
  }

  start(): void {
    this.follower.start();
  }

  async stop(): Promise<void> {
    await this.follower.stop();
    this.flushRestored(true);
  }

  /** Whether the log says the server gave up, and why, as an end state. */
  problem(): RecoveryProblem | null {
    const failure = this.failure;
    if (!failure) return null;
    switch (failure.kind) {
      case 'target-not-reached':
        return this.stoppedShort();
      case 'timeline-not-child':
        return { kind: 'timeline-lacks-target', timeline: failure.message };
      case 'before-consistent':
        return { kind: 'target-before-backup-end', backupId: '', backupEnd: 'the consistent point of the base backup' };
      case 'fatal':
        return { kind: 'failed', reason: failure.message };
      default:
        return null;
    }
  }

  /** The archive ran out: name the last segment restored and the next one, and say whether it is a gap. */
  private stoppedShort(): RecoveryProblem {
    const last = this.lastRestored ? parseSegmentName(this.lastRestored, this.archive.segmentSizeBytes) : null;
    const next = last
      ? formatSegmentName(segmentFromNumber(last.timeline, segmentNumber(last, this.archive.segmentSizeBytes) + 1n, this.archive.segmentSizeBytes))
      : null;
    const laterExists = next !== null && [...this.archive.lineageSegments].some((name) => name.slice(8) > next.slice(8));
    if (next && laterExists && !this.archive.lineageSegments.has(next)) return { kind: 'missing-segment', segment: next };
    return { kind: 'archive-ends-before-target', lastSegment: this.lastRestored, firstMissing: next };
  }

  /** The last lines of the log since recovery started, for an error message. */
  async tail(lines = 8): Promise<string> {
    const text = await readFile(this.logFile, 'utf8').catch(() => '');
    return text.trim().split('\n').slice(-lines).join('\n');
  }

  private onLine(line: string): void {
    const event = parseServerLogLine(line);
    if (event?.kind === 'restored') {
      this.lastRestored = event.file;
      this.tracker.restored(event.file);
      this.restoredSinceSummary.push(event.file);
      this.flushRestored(false);
      return;
    }
    this.flushRestored(true);
    const level = /\b(FATAL|PANIC|ERROR):/.test(line) ? 'error' : /\bWARNING:/.test(line) ? 'warning' : 'info';
    this.context.log(level, line, 'stderr');
    if (!event) return;
    switch (event.kind) {
      case 'consistent':
        this.consistent = true;
        break;
      case 'stopping':
        this.stopping = { description: event.description, time: event.time };
        break;
      case 'paused':
        this.paused = true;
        break;
      case 'promoted':
        this.promoted = true;
        break;
      case 'new-timeline':
        this.newTimeline = event.timeline;
        break;
      case 'last-commit':
        this.lastCommitTime = event.time;
        break;
      case 'shut-down':
        this.shutDown = true;
        break;
      case 'target-not-reached':
      case 'timeline-not-child':
      case 'before-consistent':
        this.failure = event;
        break;
      case 'fatal':
        this.failure ??= event;
        break;
    }
  }

  private flushRestored(force: boolean): void {
    if (this.restoredSinceSummary.length === 0) return;
    if (!force && Date.now() - this.lastSummaryAt < restoredSummaryEveryMs) return;
    const files = this.restoredSinceSummary;
    this.restoredSinceSummary = [];
    this.lastSummaryAt = Date.now();
    this.context.log(
      'info',
      files.length === 1 ? `restored ${files[0]} from the archive` : `restored ${files.length} segments from the archive (${files[0]} … ${files.at(-1)})`,
    );
    this.tracker.publish();
  }
}
