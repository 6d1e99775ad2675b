import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { healthSeriesKeys, type HealthHistory, type HealthPoint, type HealthSeriesKey } from '../../shared/domain/health';
import { writeFileAtomic } from '../repository/atomic-file';
import { readOptionalText } from '../notifications/json-file';

const liveWindowMs = 15 * 60_000;
const dayWindowMs = 24 * 3_600_000;
const bucketMs = 60_000;

/**
 * One profile's time series: every tick of the last 15 minutes in memory (the live chart), and
 * one averaged point a minute for the last 24 h in `<app data>/health/<profileId>.jsonl`, so the
 * dashboard can show what happened at 3 a.m. for the time the app was running. A minute with no
 * sample is a gap (the app was closed, the dashboard hidden, the server down): no line is drawn
 * across it.
 */
export class HealthHistoryStore {
  private readonly live: HealthPoint[] = [];
  private day: HealthPoint[] | null = null;
  private bucket: { start: number; points: HealthPoint[] } | null = null;
  private lastBucketStart: number | null = null;
  private writes: Promise<void> = Promise.resolve();

  constructor(
    private readonly profileId: string,
    private readonly folder: string,
  ) {}

  private get file(): string {
    return join(this.folder, `${this.profileId}.jsonl`);
  }

  add(point: HealthPoint): void {
    const at = Date.parse(point.at);
    this.live.push(point);
    while (this.live.length > 0 && Date.parse(this.live[0]!.at) < at - liveWindowMs) this.live.shift();
    const start = Math.floor(at / bucketMs) * bucketMs;
    if (this.bucket && this.bucket.start !== start) this.closeBucket();
    this.bucket ??= { start, points: [] };
    this.bucket.points.push(point);
  }

  async read(range: 'live' | 'day', now: Date): Promise<HealthHistory> {
    if (range === 'live') return { profileId: this.profileId, range, resolutionMs: null, points: [...this.live] };
    const day = await this.loadDay();
    const since = now.getTime() - dayWindowMs;
    const open = this.bucket ? [averageOf(this.bucket.start, this.bucket.points, this.gapBefore(this.bucket.start))] : [];
    return { profileId: this.profileId, range, resolutionMs: bucketMs, points: [...day, ...open].filter((p) => Date.parse(p.at) >= since) };
  }

  /** Writes the minute in progress (on stop), so a restart keeps it. */
  async flush(): Promise<void> {
    if (this.bucket) this.closeBucket();
    await this.writes;
  }

  private gapBefore(start: number): HealthPoint['gap'] {
    return this.lastBucketStart === null || this.lastBucketStart !== start - bucketMs ? 'not-polled' : null;
  }

  private closeBucket(): void {
    const bucket = this.bucket!;
    this.bucket = null;
    const point = averageOf(bucket.start, bucket.points, this.gapBefore(bucket.start));
    this.lastBucketStart = bucket.start;
    this.day?.push(point);
    this.writes = this.writes.then(() => this.append(point)).catch(() => undefined);
  }

  private async append(point: HealthPoint): Promise<void> {
    await mkdir(this.folder, { recursive: true });
    await appendFile(this.file, `${JSON.stringify(point)}\n`);
    // Keep the file near 24 h: rewrite it once it holds two days.
    if (this.day && this.day.length > (2 * dayWindowMs) / bucketMs) {
      const since = Date.parse(point.at) - dayWindowMs;
      this.day = this.day.filter((p) => Date.parse(p.at) >= since);
      await writeFileAtomic(this.file, this.day.map((p) => `${JSON.stringify(p)}\n`).join(''));
    }
  }

  private async loadDay(): Promise<HealthPoint[]> {
    if (this.day) return this.day;
    await this.writes;
    const text = await readOptionalText(this.file);
    const points: HealthPoint[] = [];
    for (const line of (text ?? '').split('\n')) {
      if (!line.trim()) continue;
      try {
        points.push(JSON.parse(line) as HealthPoint);
      } catch {
        // A line cut short by a crash: the others are still good.
      }
    }
    this.day = points;
    const last = points.at(-1);
    if (last && this.lastBucketStart === null) this.lastBucketStart = Date.parse(last.at);
    return this.day;
  }
}

/** A minute's points as one: each series averaged over the points that have it; a reset inside the minute keeps the gap. */
function averageOf(start: number, points: HealthPoint[], gapBefore: HealthPoint['gap']): HealthPoint {
  const values = {} as Record<HealthSeriesKey, number | null>;
  for (const key of healthSeriesKeys) {
    const present = points.flatMap((p) => (p.values[key] === null ? [] : [p.values[key]]));
    values[key] = present.length ? present.reduce((a, b) => a + b, 0) / present.length : null;
  }
  const reset = points.find((p) => p.gap === 'stats-reset' || p.gap === 'counter-went-backwards')?.gap ?? null;
  return { at: new Date(start).toISOString(), gap: gapBefore ?? reset, values };
}
