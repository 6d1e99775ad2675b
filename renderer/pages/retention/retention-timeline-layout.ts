import type { PlannedBackup, RetentionPlan, WalReachRange } from '../../../shared/domain/retention';

/**
 * The plan's timeline laid out on one time axis: for each series a lane of backups as they are now
 * (the ones to delete marked) and as they will be after, and each cluster's recoverable window
 * before and after. Kept apart from the SVG so the arithmetic is tested without a DOM.
 */
export interface TimelineMark {
  backup: PlannedBackup;
  /** 0..1 along the axis. */
  x: number;
}

export interface TimelineLane {
  key: string;
  label: string;
  now: TimelineMark[];
  after: TimelineMark[];
}

export interface TimelineSpan {
  x1: number;
  x2: number;
  range: WalReachRange;
}

export interface WindowLane {
  key: string;
  label: string;
  now: TimelineSpan[];
  after: TimelineSpan[];
}

export interface TimelineLayout {
  startMs: number;
  endMs: number;
  lanes: TimelineLane[];
  windows: WindowLane[];
  ticks: { x: number; ms: number }[];
  /** How precisely tick labels need to be written for the span shown. */
  tickUnit: 'day' | 'minute' | 'second';
}

// A history of a few minutes (a first day of backups) is spread out to be read, not drawn as one dot.
const minimumSpanMs = 60_000;

export function layoutRetentionTimeline(plan: RetentionPlan, tickCount = 6): TimelineLayout {
  const instants = plan.backups.map((backup) => Date.parse(backup.startedAt));
  for (const wal of plan.wal) {
    for (const range of [...wal.windowBefore, ...wal.windowAfter]) {
      for (const time of [range.fromTime, range.toTime]) if (time) instants.push(Date.parse(time));
    }
  }
  instants.push(Date.parse(plan.now));
  const earliest = Math.min(...instants);
  const latest = Math.max(...instants);
  // A little room either side.
  const span = Math.max(latest - earliest, minimumSpanMs);
  const startMs = latest - span - span * 0.02;
  const endMs = latest + span * 0.02;
  const x = (ms: number) => (ms - startMs) / (endMs - startMs);

  const clusters = plan.series.filter((series) => series.kind === 'physical').length;
  const lanes: TimelineLane[] = plan.series.map((series) => {
    const marks = plan.backups.filter((backup) => backup.seriesKey === series.key).map((backup) => ({ backup, x: x(Date.parse(backup.startedAt)) }));
    return { key: series.key, label: laneLabel(series.key, clusters), now: marks, after: marks.filter((mark) => mark.backup.action === 'keep') };
  });

  const spansOf = (ranges: WalReachRange[]) =>
    ranges.flatMap((range) => {
      const from = range.fromTime ? Date.parse(range.fromTime) : null;
      const to = range.toTime ? Date.parse(range.toTime) : from;
      if (from === null || to === null) return [];
      return [{ x1: x(from), x2: x(Math.max(from, to)), range }];
    });
  const windows: WindowLane[] = plan.wal.map((wal) => ({
    key: wal.systemIdentifier,
    label: plan.wal.length > 1 ? `PITR window ${wal.systemIdentifier.slice(0, 4)}…${wal.systemIdentifier.slice(-4)}` : 'PITR window',
    now: spansOf(wal.windowBefore),
    after: spansOf(wal.windowAfter),
  }));

  const ticks = Array.from({ length: tickCount }, (_, i) => {
    const ms = startMs + ((endMs - startMs) * i) / (tickCount - 1);
    return { x: x(ms), ms };
  });
  return { startMs, endMs, lanes, windows, ticks, tickUnit: endMs - startMs > 4 * 86_400_000 ? 'day' : endMs - startMs > 2 * 3_600_000 ? 'minute' : 'second' };
}

/** A lane's short name: "dumps of shop", "base backups" (with the cluster when there are several). */
export function laneLabel(seriesKey: string, clusters: number): string {
  const [kind, ...rest] = seriesKey.split(':');
  const name = rest.join(':');
  if (kind === 'logical') return `dumps of ${name}`;
  return clusters > 1 ? `base backups ${name.slice(0, 4)}…${name.slice(-4)}` : 'base backups';
}
