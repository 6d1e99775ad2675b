import type { RecoverableInterval, RecoverableWindow, WindowBaseBackup } from '../../../shared/domain/wal-archive';

/**
 * The recoverable window laid out on a time axis: one row per timeline, the reachable stretches,
 * the base backups, where a gap cuts a stretch off, and the lag of an idle server's last commit.
 * Kept apart from the drawing so the arithmetic is tested without a DOM.
 */

export interface PlacedInterval {
  interval: RecoverableInterval;
  fromMs: number;
  toMs: number;
}

export interface PlacedBackup {
  backup: WindowBaseBackup;
  /** When pg_basebackup started; the backup is recoverable from stopMs on. */
  startMs: number;
  stopMs: number;
}

export interface WindowBarRow {
  timeline: number;
  intervals: PlacedInterval[];
  backups: PlacedBackup[];
}

export interface WindowBarLayout {
  startMs: number;
  endMs: number;
  rows: WindowBarRow[];
  /** From the archive's last commit to when that was checked: commits that may not be archived yet. */
  lag: { timeline: number; fromMs: number; toMs: number } | null;
  /** Stretches with no time known at all (no commit read and no backup stop time). */
  undated: RecoverableInterval[];
}

// A window of a few seconds (a fresh backup) still gets a readable bar, not a sliver.
const minimumSpanMs = 10_000;

function ms(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const value = Date.parse(iso);
  return Number.isNaN(value) ? null : value;
}

/** A stretch's start and end in time: a missing time falls back to its first backup's stop time. */
function intervalTimes(interval: RecoverableInterval, backups: WindowBaseBackup[]): { fromMs: number; toMs: number } | null {
  const firstBackup = backups.find((backup) => backup.backupId === interval.baseBackupIds[0]);
  const fromMs = ms(interval.from.time) ?? ms(firstBackup?.stopTime);
  if (fromMs === null) return null;
  return { fromMs, toMs: Math.max(fromMs, ms(interval.to.time) ?? fromMs) };
}

export function layoutWindowBar(window: RecoverableWindow, selected?: string | null): WindowBarLayout {
  const rowsByTimeline = new Map<number, WindowBarRow>();
  const rowOf = (timeline: number) => {
    let row = rowsByTimeline.get(timeline);
    if (!row) rowsByTimeline.set(timeline, (row = { timeline, intervals: [], backups: [] }));
    return row;
  };
  const undated: RecoverableInterval[] = [];
  const instants: number[] = [];

  for (const interval of window.intervals) {
    const times = intervalTimes(interval, window.baseBackups);
    if (!times) {
      undated.push(interval);
      continue;
    }
    rowOf(interval.timeline).intervals.push({ interval, ...times });
    instants.push(times.fromMs, times.toMs);
  }
  for (const backup of window.baseBackups) {
    const stopMs = ms(backup.stopTime);
    if (stopMs === null) continue;
    const startMs = Math.min(stopMs, ms(backup.startTime) ?? stopMs);
    rowOf(backup.timeline).backups.push({ backup, startMs, stopMs });
    instants.push(startMs, stopMs);
  }

  const latestMs = ms(window.latest?.time);
  const checkedMs = ms(window.idleLag?.checkedAt);
  const latestTimeline = window.intervals.reduce((best, interval) => Math.max(best, interval.timeline), 0);
  const lag =
    window.idleLag && latestMs !== null && checkedMs !== null && checkedMs > latestMs ? { timeline: latestTimeline, fromMs: latestMs, toMs: checkedMs } : null;
  if (lag) {
    instants.push(lag.toMs);
    rowOf(lag.timeline);
  }
  const selectedMs = ms(selected);
  if (selectedMs !== null) instants.push(selectedMs);

  let startMs = instants.length ? Math.min(...instants) : Date.now() - minimumSpanMs;
  let endMs = instants.length ? Math.max(...instants) : Date.now();
  if (endMs - startMs < minimumSpanMs) {
    const middle = (startMs + endMs) / 2;
    startMs = middle - minimumSpanMs / 2;
    endMs = middle + minimumSpanMs / 2;
  }
  // A margin so markers at the ends are not cut in half.
  const margin = (endMs - startMs) * 0.05;
  const rows = [...rowsByTimeline.values()].sort((a, b) => a.timeline - b.timeline);
  for (const row of rows) row.intervals.sort((a, b) => a.fromMs - b.fromMs);
  return { startMs: startMs - margin, endMs: endMs + margin, rows, lag, undated };
}

/** Where an instant sits on the axis, 0..1. */
export function axisFraction(layout: Pick<WindowBarLayout, 'startMs' | 'endMs'>, atMs: number): number {
  return Math.min(1, Math.max(0, (atMs - layout.startMs) / (layout.endMs - layout.startMs)));
}

/** Evenly spaced instants for the axis labels, ends included. */
export function axisTicks(layout: Pick<WindowBarLayout, 'startMs' | 'endMs'>, count = 5): number[] {
  return Array.from({ length: count }, (_, index) => layout.startMs + ((layout.endMs - layout.startMs) * index) / (count - 1));
}

/**
 * The instant a click at `fraction` of a row picks: inside a stretch, that instant; between
 * stretches, the nearest end of the nearest one (a target outside the window cannot be reached).
 */
export function pickInRow(
  layout: Pick<WindowBarLayout, 'startMs' | 'endMs'>,
  row: WindowBarRow,
  fraction: number,
): { atMs: number; placed: PlacedInterval } | null {
  const atMs = layout.startMs + fraction * (layout.endMs - layout.startMs);
  let best: { atMs: number; placed: PlacedInterval; distance: number } | null = null;
  for (const placed of row.intervals) {
    const clamped = Math.min(placed.toMs, Math.max(placed.fromMs, atMs));
    const distance = Math.abs(clamped - atMs);
    if (!best || distance < best.distance) best = { atMs: clamped, placed, distance };
  }
  return best ? { atMs: Math.round(best.atMs), placed: best.placed } : null;
}
