import type { RecoveryJobProgress } from '../../shared/contract/pitr';
import type { RecoveryProgress } from '../../shared/domain/pitr';
import { compareLsn, formatLsn, lsnDistanceBytes, lsnFromBigInt, lsnToBigInt, type Lsn } from '../../shared/domain/wal';
import type { JobContext } from '../jobs/job-registry';

/**
 * A recovery job's progress: the replay position against where replay must get, segments fetched,
 * elapsed and time left: published as the job's progress, a line for people and these figures as its detail.
 */
export class RecoveryProgressTracker {
  readonly progress: RecoveryProgress;
  private readonly started = Date.now();
  private replayStartedAt: number | null = null;

  constructor(
    private readonly context: JobContext<RecoveryJobProgress>,
    options: { startLsn: Lsn | null; targetLsn: Lsn | null; segmentsExpected: number | null; segmentSizeBytes: number },
    private readonly segmentSizeBytes = options.segmentSizeBytes,
  ) {
    this.progress = {
      jobId: context.jobId,
      phase: 'preparing',
      startLsn: options.startLsn,
      replayLsn: null,
      targetLsn: options.targetLsn,
      segmentsRestored: 0,
      segmentsExpected: options.segmentsExpected,
      lastRestoredSegment: null,
      extractedBytes: 0,
      extractTotalBytes: 0,
      replayedBytes: 0,
      bytesPerSecond: null,
      elapsedMs: 0,
      etaMs: null,
      lastReplayedCommitTime: null,
    };
  }

  phase(phase: RecoveryProgress['phase'], message?: string): void {
    this.progress.phase = phase;
    if (phase === 'replaying' && this.replayStartedAt === null) this.replayStartedAt = Date.now();
    this.publish(message);
  }

  extracted(doneBytes: number, totalBytes: number): void {
    this.progress.extractedBytes = doneBytes;
    this.progress.extractTotalBytes = totalBytes;
  }

  restored(segment: string): void {
    this.progress.segmentsRestored += 1;
    this.progress.lastRestoredSegment = segment;
    // Before the server accepts queries, a restored segment is the best measure of replay.
    if (this.progress.startLsn && (!this.progress.replayLsn || this.progress.phase !== 'replaying')) {
      const estimate = lsnFromBigInt(lsnToBigInt(this.progress.startLsn) + BigInt(this.progress.segmentsRestored - 1) * BigInt(this.segmentSizeBytes));
      if (!this.progress.replayLsn || compareLsn(estimate, this.progress.replayLsn) > 0) this.setReplay(estimate);
    }
  }

  replay(lsn: Lsn | null, lastCommitTime: string | null): void {
    if (lsn) this.setReplay(lsn);
    if (lastCommitTime) this.progress.lastReplayedCommitTime = lastCommitTime;
  }

  private setReplay(lsn: Lsn): void {
    this.progress.replayLsn = lsn;
    if (this.progress.startLsn) this.progress.replayedBytes = Math.max(0, Number(lsnDistanceBytes(this.progress.startLsn, lsn)));
  }

  /** Recomputes rate and time left, and updates the job's progress line. */
  publish(message?: string): void {
    const p = this.progress;
    p.elapsedMs = Date.now() - this.started;
    const replayMs = this.replayStartedAt ? Date.now() - this.replayStartedAt : 0;
    p.bytesPerSecond = replayMs > 1000 && p.replayedBytes > 0 ? Math.round((p.replayedBytes / replayMs) * 1000) : null;
    const total = p.startLsn && p.targetLsn ? Math.max(0, Number(lsnDistanceBytes(p.startLsn, p.targetLsn))) : null;
    p.etaMs = total !== null && p.bytesPerSecond ? Math.max(0, Math.round(((total - p.replayedBytes) / p.bytesPerSecond) * 1000)) : null;
    let fraction: number | undefined;
    if (p.phase === 'extracting' && p.extractTotalBytes > 0) fraction = 0.3 * (p.extractedBytes / p.extractTotalBytes);
    else if (p.phase === 'replaying' && total) fraction = 0.3 + 0.65 * Math.min(1, p.replayedBytes / total);
    else if (p.phase === 'finishing' || p.phase === 'promoting') fraction = 0.97;
    const line =
      message ??
      (p.phase === 'replaying'
        ? `replayed to ${p.replayLsn ? formatLsn(p.replayLsn) : '…'}${p.targetLsn ? ` of ${formatLsn(p.targetLsn)}` : ''}, ${p.segmentsRestored} segment${p.segmentsRestored === 1 ? '' : 's'} fetched${p.etaMs !== null ? `, about ${Math.ceil(p.etaMs / 1000)} s left` : ''}`
        : p.phase === 'extracting'
          ? `${(p.extractedBytes / 1048576).toFixed(0)} of ${(p.extractTotalBytes / 1048576).toFixed(0)} MB`
          : undefined);
    this.context.progress({
      phase: p.phase,
      ...(fraction !== undefined ? { fraction } : {}),
      ...(p.phase === 'extracting' ? { doneBytes: p.extractedBytes, totalBytes: p.extractTotalBytes } : {}),
      ...(line ? { message: line } : {}),
      // A copy: the tracker goes on changing its own figures after this event is sent.
      detail: { ...p },
    });
  }
}
