import { Box, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { CSSProperties, KeyboardEvent, MouseEvent, ReactNode } from 'react';
import { formatLsn } from '../../../shared/domain/wal';
import type { RecoverableInterval, RecoverableWindow } from '../../../shared/domain/wal-archive';
import { formatInstant, formatInstantLong, viewerTimeZone } from './display-units';
import {
  axisFraction,
  axisTicks,
  layoutWindowBar,
  pickInRow,
  type PlacedBackup,
  type PlacedInterval,
  type WindowBarLayout,
  type WindowBarRow,
} from './window-bar-layout';
import { formatDurationSeconds } from '../../../shared/format/duration';

export interface WindowPick {
  /** The instant picked, UTC ISO 8601 (always inside a reachable stretch). */
  time: string;
  timeline: number;
  interval: RecoverableInterval;
}

export interface RecoverableWindowBarProps {
  /** wal.window's answer. */
  window: RecoverableWindow;
  /** An instant to mark on the bar (a chosen recovery target), ISO 8601. */
  selected?: string | null;
  /** Makes the stretches clickable: a click picks the instant under it, clamped into the nearest stretch. */
  onPick?: (pick: WindowPick) => void;
  /** The sentence per stretch under the axis (on by default). */
  showSummary?: boolean;
}

const labelWidthPx = 92;
const colors = {
  reachable: 'var(--mantine-color-teal-6)',
  track: 'var(--mantine-color-gray-1)',
  backup: 'var(--mantine-color-indigo-7)',
  backupSpan: 'var(--mantine-color-indigo-2)',
  unusable: 'var(--mantine-color-orange-7)',
  gap: 'var(--mantine-color-red-7)',
  lag: 'var(--mantine-color-yellow-3)',
  selected: 'var(--mantine-color-dark-7)',
};

/**
 * The window of time point-in-time recovery can reach, as a bar per timeline: reachable stretches,
 * the base backups they start from, the gaps that cut them off, and, on an idle server, the time
 * since the archive's last commit. The PITR wizard reuses it to bound and pick its target.
 */
export function RecoverableWindowBar({ window, selected, onPick, showSummary = true }: RecoverableWindowBarProps) {
  const layout = layoutWindowBar(window, selected);
  const selectedMs = selected ? Date.parse(selected) : null;

  if (layout.rows.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="recoverable-window-bar" data-empty="true">
        Nothing to draw yet: the window needs a base backup of this cluster and archived WAL after it.
      </Text>
    );
  }

  return (
    <Stack gap={8} data-testid="recoverable-window-bar">
      {layout.rows.map((row) => (
        <TimelineRow key={row.timeline} layout={layout} row={row} selectedMs={selectedMs} onPick={onPick} />
      ))}
      <Axis layout={layout} />
      <Legend
        hasLag={layout.lag !== null}
        hasGap={window.intervals.some((interval) => interval.endsAt !== 'archive-end')}
        hasUnusable={window.baseBackups.some((backup) => !backup.usable)}
      />
      {showSummary && (
        <Stack gap={2} data-testid="window-summary">
          {window.intervals.map((interval) => (
            <Text key={`${interval.timeline}-${formatLsn(interval.from.lsn)}`} size="sm">
              {describeInterval(interval)}
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function TimelineRow({
  layout,
  row,
  selectedMs,
  onPick,
}: {
  layout: WindowBarLayout;
  row: WindowBarRow;
  selectedMs: number | null;
  onPick?: (pick: WindowPick) => void;
}) {
  const left = (atMs: number) => `${axisFraction(layout, atMs) * 100}%`;
  const width = (fromMs: number, toMs: number) => `${(axisFraction(layout, toMs) - axisFraction(layout, fromMs)) * 100}%`;

  const pickAt = (event: MouseEvent<HTMLDivElement>) => {
    if (!onPick) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const picked = pickInRow(layout, row, (event.clientX - rect.left) / rect.width);
    if (picked) onPick({ time: new Date(picked.atMs).toISOString(), timeline: row.timeline, interval: picked.placed.interval });
  };
  const lag = layout.lag?.timeline === row.timeline ? layout.lag : null;

  return (
    <Group gap={0} wrap="nowrap" align="center" data-testid="window-row" data-timeline={row.timeline}>
      <Text size="sm" fw={600} w={labelWidthPx} style={{ flexShrink: 0 }}>
        Timeline {row.timeline}
      </Text>
      <Box
        onClick={pickAt}
        style={{ position: 'relative', flex: 1, height: 34, background: colors.track, borderRadius: 6, cursor: onPick ? 'crosshair' : 'default' }}
      >
        {row.backups.map((placed) => (
          <BackupMarker
            key={placed.backup.backupId}
            placed={placed}
            left={left(placed.startMs)}
            width={width(placed.startMs, placed.stopMs)}
            stopLeft={left(placed.stopMs)}
          />
        ))}
        {row.intervals.map((placed) => (
          <IntervalBlock key={placed.fromMs} placed={placed} left={left(placed.fromMs)} width={width(placed.fromMs, placed.toMs)} onPick={onPick} />
        ))}
        {row.intervals
          .filter((placed) => placed.interval.endsAt !== 'archive-end')
          .map((placed) => (
            <GapMarker key={`gap-${placed.toMs}`} interval={placed.interval} left={left(placed.toMs)} />
          ))}
        {lag && (
          <Tooltip
            label={`No archived commit after ${formatInstantLong(new Date(lag.fromMs).toISOString())}: ${formatDurationSeconds((lag.toMs - lag.fromMs) / 1000)} that may still be in the server's current WAL segment.`}
            multiline
            w={320}
            withArrow
          >
            <Box
              data-testid="window-lag"
              style={{
                position: 'absolute',
                top: 8,
                bottom: 8,
                left: left(lag.fromMs),
                width: width(lag.fromMs, lag.toMs),
                backgroundImage: `repeating-linear-gradient(135deg, ${colors.lag} 0 6px, transparent 6px 12px)`,
                border: '1px dashed var(--mantine-color-yellow-6)',
                borderRadius: 4,
              }}
            />
          </Tooltip>
        )}
        {selectedMs !== null && !Number.isNaN(selectedMs) && (
          <Box
            data-testid="window-selected"
            style={{
              position: 'absolute',
              top: -4,
              bottom: -4,
              left: left(selectedMs),
              width: 3,
              marginLeft: -1,
              background: colors.selected,
              borderRadius: 2,
              pointerEvents: 'none',
            }}
          />
        )}
      </Box>
    </Group>
  );
}

function IntervalBlock({ placed, left, width, onPick }: { placed: PlacedInterval; left: string; width: string; onPick?: (pick: WindowPick) => void }) {
  const { interval } = placed;
  const style: CSSProperties = { position: 'absolute', top: 6, bottom: 6, left, width, minWidth: 6, background: colors.reachable, borderRadius: 4 };
  const pickLatest = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!onPick || (event.key !== 'Enter' && event.key !== ' ')) return;
    event.preventDefault();
    onPick({ time: new Date(placed.toMs).toISOString(), timeline: interval.timeline, interval });
  };
  return (
    <Tooltip label={<IntervalTooltip interval={interval} />} multiline w={340} withArrow>
      <Box
        style={style}
        data-testid="window-interval"
        data-ends-at={interval.endsAt}
        {...(onPick
          ? { role: 'button', tabIndex: 0, 'aria-label': `${describeInterval(interval)} Press Enter to pick its latest point.`, onKeyDown: pickLatest }
          : { 'aria-label': describeInterval(interval) })}
      />
    </Tooltip>
  );
}

function IntervalTooltip({ interval }: { interval: RecoverableInterval }) {
  return (
    <Stack gap={2}>
      <Text size="xs" fw={700}>
        Recoverable on timeline {interval.timeline}
      </Text>
      <Text size="xs">
        From {interval.from.time ? formatInstantLong(interval.from.time) : 'the backup end'} (LSN {formatLsn(interval.from.lsn)})
      </Text>
      <Text size="xs">
        To {interval.to.time ? formatInstantLong(interval.to.time) : 'the last archived WAL'} (LSN {formatLsn(interval.to.lsn)})
      </Text>
      <Text size="xs">{endsAtSentence(interval)}</Text>
      <Text size="xs">
        From base backup{interval.baseBackupIds.length > 1 ? 's' : ''} {interval.baseBackupIds.join(', ')}
      </Text>
    </Stack>
  );
}

function BackupMarker({ placed, left, width, stopLeft }: { placed: PlacedBackup; left: string; width: string; stopLeft: string }) {
  const { backup } = placed;
  const color = backup.usable ? colors.backup : colors.unusable;
  const label: ReactNode = (
    <Stack gap={2}>
      <Text size="xs" fw={700}>
        Base backup {backup.backupId}
      </Text>
      <Text size="xs">
        Taken {backup.startTime ? formatInstantLong(backup.startTime) : '?'} → {backup.stopTime ? formatInstantLong(backup.stopTime) : '?'}
      </Text>
      <Text size="xs">
        WAL {formatLsn(backup.startLsn)} → {formatLsn(backup.stopLsn)}
      </Text>
      <Text size="xs">{backup.usable ? 'Usable: recovery can start from it.' : `Not usable: ${backup.problem ?? 'its WAL is incomplete.'}`}</Text>
    </Stack>
  );
  return (
    <Tooltip label={label} multiline w={340} withArrow>
      <Box data-testid="window-backup" data-usable={backup.usable} aria-label={`Base backup ${backup.backupId}`}>
        <Box style={{ position: 'absolute', top: 2, bottom: 2, left, width, minWidth: 2, background: colors.backupSpan, borderRadius: 3 }} />
        <Box style={{ position: 'absolute', top: -3, bottom: -3, left: stopLeft, width: 4, marginLeft: -2, background: color, borderRadius: 2 }} />
        <Box
          style={{
            position: 'absolute',
            top: -11,
            left: stopLeft,
            marginLeft: -6,
            width: 0,
            height: 0,
            borderLeft: '6px solid transparent',
            borderRight: '6px solid transparent',
            borderTop: `8px solid ${color}`,
          }}
        />
      </Box>
    </Tooltip>
  );
}

function GapMarker({ interval, left }: { interval: RecoverableInterval; left: string }) {
  return (
    <Tooltip label={endsAtSentence(interval)} multiline w={320} withArrow>
      <Box
        data-testid="window-gap"
        aria-label={endsAtSentence(interval)}
        style={{
          position: 'absolute',
          top: -2,
          bottom: -2,
          left,
          width: 10,
          marginLeft: 1,
          backgroundImage: `repeating-linear-gradient(45deg, ${colors.gap} 0 3px, transparent 3px 6px)`,
          borderLeft: `3px solid ${colors.gap}`,
        }}
      />
    </Tooltip>
  );
}

function Axis({ layout }: { layout: WindowBarLayout }) {
  const ticks = axisTicks(layout);
  return (
    <Stack gap={2}>
      <Box style={{ position: 'relative', height: 18, marginLeft: labelWidthPx }}>
        {ticks.map((atMs, index) => (
          <Text
            key={atMs}
            size="xs"
            c="dimmed"
            style={{
              position: 'absolute',
              left: `${axisFraction(layout, atMs) * 100}%`,
              transform: index === 0 ? 'none' : index === ticks.length - 1 ? 'translateX(-100%)' : 'translateX(-50%)',
              whiteSpace: 'nowrap',
            }}
          >
            {formatInstant(new Date(atMs).toISOString())}
          </Text>
        ))}
      </Box>
      <Text size="xs" c="dimmed" ml={labelWidthPx}>
        Times in {viewerTimeZone()}
      </Text>
    </Stack>
  );
}

function Legend({ hasLag, hasGap, hasUnusable }: { hasLag: boolean; hasGap: boolean; hasUnusable: boolean }) {
  return (
    <Group gap="lg" ml={labelWidthPx}>
      <Swatch color={colors.reachable} label="Recoverable" />
      <Swatch color={colors.backup} label="Base backup (recoverable from its end)" narrow />
      {hasUnusable && <Swatch color={colors.unusable} label="Backup not usable" narrow />}
      {hasGap && <Swatch color={colors.gap} label="Gap in the archive" narrow />}
      {hasLag && <Swatch color={colors.lag} label="Not archived yet (idle server)" />}
    </Group>
  );
}

function Swatch({ color, label, narrow }: { color: string; label: string; narrow?: boolean }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Box style={{ width: narrow ? 5 : 18, height: 12, background: color, borderRadius: 2 }} />
      <Text size="xs">{label}</Text>
    </Group>
  );
}

function endsAtSentence(interval: RecoverableInterval): string {
  switch (interval.endsAt) {
    case 'archive-end':
      return 'It ends at the last commit archived so far.';
    case 'gap':
      return `A gap ends it: segment ${interval.nextMissing ?? '?'} is missing from the archive, so recovery cannot replay past it.`;
    case 'truncated-segment':
      return `Segment ${interval.nextMissing ?? '?'} is cut short in the archive, so recovery stops before it.`;
  }
}

/** One sentence per stretch, for the summary and screen readers. */
export function describeInterval(interval: RecoverableInterval): string {
  const from = interval.from.time ? formatInstant(interval.from.time) : `LSN ${formatLsn(interval.from.lsn)}`;
  const to = interval.to.time ? formatInstant(interval.to.time) : `LSN ${formatLsn(interval.to.lsn)}`;
  const ending =
    interval.endsAt === 'gap'
      ? ` (cut off by missing segment ${interval.nextMissing ?? '?'})`
      : interval.endsAt === 'truncated-segment'
        ? ` (segment ${interval.nextMissing ?? '?'} is cut short)`
        : '';
  return `Timeline ${interval.timeline}: recoverable from ${from} to ${to}${ending}.`;
}
