import { Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { RetentionPlan } from '../../../shared/domain/retention';
import { wallTimeIn } from '../../components/recovery/zoned-time';
import { layoutRetentionTimeline, type TimelineLane, type TimelineLayout, type WindowLane } from './retention-timeline-layout';

const width = 1000;
const labelWidth = 210;
const plotWidth = width - labelWidth - 16;
const laneHeight = 26;
const colors = {
  kept: 'var(--mantine-color-teal-6)',
  deleted: 'var(--mantine-color-red-6)',
  pinned: 'var(--mantine-color-indigo-7)',
  window: 'var(--mantine-color-teal-3)',
  track: 'var(--mantine-color-gray-1)',
  grid: 'var(--mantine-color-gray-3)',
  text: 'var(--mantine-color-dimmed)',
};

/**
 * What exists now and what will exist after the plan, on one time axis: each series' backups
 * (the ones to delete in red in the "now" block) and each cluster's recoverable window.
 */
export function RetentionTimeline({ plan }: { plan: RetentionPlan }) {
  const layout = layoutRetentionTimeline(plan);
  const rowsPerBlock = layout.lanes.length + layout.windows.length;
  const blockHeight = 24 + rowsPerBlock * laneHeight;
  const height = blockHeight * 2 + 40;
  const px = (x: number) => labelWidth + x * plotWidth;

  return (
    <Paper withBorder p="lg" radius="md" data-testid="retention-timeline">
      <Stack gap="sm">
        <Group justify="space-between" align="baseline">
          <Title order={2} size="h5">
            Now and after
          </Title>
          <Text size="xs" c="dimmed">
            Times in {plan.timeZone}
          </Text>
        </Group>
        <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label="Backups and recoverable window now and after the plan">
          {layout.ticks.map((tick) => (
            <line key={tick.ms} x1={px(tick.x)} x2={px(tick.x)} y1={0} y2={height - 30} stroke={colors.grid} strokeDasharray="2 4" />
          ))}
          <Block title="Now" top={0} when="now" layout={layout} px={px} />
          <Block title="After" top={blockHeight} when="after" layout={layout} px={px} />
          {layout.ticks.map((tick, i) => (
            <text
              key={tick.ms}
              x={px(tick.x)}
              y={height - 12}
              fontSize={12}
              fill={colors.text}
              textAnchor={i === 0 ? 'start' : i === layout.ticks.length - 1 ? 'end' : 'middle'}
            >
              {tickLabel(wallTimeIn(new Date(tick.ms).toISOString(), plan.timeZone), layout.tickUnit)}
            </text>
          ))}
        </svg>
        <Group gap="lg">
          <Legend color={colors.kept} label="kept" />
          <Legend color={colors.deleted} label="deleted by the plan" hollow />
          <Legend color={colors.pinned} label="pinned" />
          <Legend color={colors.window} label="recoverable window (point-in-time recovery)" bar />
        </Group>
      </Stack>
    </Paper>
  );
}

function Block({ title, top, when, layout, px }: { title: string; top: number; when: 'now' | 'after'; layout: TimelineLayout; px: (x: number) => number }) {
  return (
    <g data-testid={`timeline-${when}`}>
      <text x={0} y={top + 16} fontSize={13} fontWeight={700}>
        {title}
      </text>
      {layout.lanes.map((lane, i) => (
        <BackupLane key={lane.key} lane={lane} when={when} y={top + 24 + i * laneHeight} px={px} />
      ))}
      {layout.windows.map((window, i) => (
        <WindowRow key={window.key} window={window} when={when} y={top + 24 + (layout.lanes.length + i) * laneHeight} px={px} />
      ))}
    </g>
  );
}

function BackupLane({ lane, when, y, px }: { lane: TimelineLane; when: 'now' | 'after'; y: number; px: (x: number) => number }) {
  const marks = when === 'now' ? lane.now : lane.after;
  const middle = y + laneHeight / 2;
  return (
    <g data-testid="timeline-lane" data-when={when} data-series={lane.key} data-count={marks.length}>
      <text x={12} y={middle + 4} fontSize={12} fill={colors.text}>
        {lane.label.length > 30 ? `${lane.label.slice(0, 29)}…` : lane.label}
      </text>
      <line x1={px(0)} x2={px(1)} y1={middle} y2={middle} stroke={colors.track} strokeWidth={6} strokeLinecap="round" />
      {marks.map(({ backup, x }) => {
        const deleted = backup.action === 'delete';
        const color = backup.pin?.active ? colors.pinned : deleted ? colors.deleted : colors.kept;
        return (
          <circle
            key={backup.id}
            cx={px(x)}
            cy={middle}
            r={5}
            fill={deleted ? 'white' : color}
            stroke={color}
            strokeWidth={deleted ? 2 : 1}
            data-testid="timeline-mark"
            data-backup-id={backup.id}
            data-action={backup.action}
          >
            <title>{`${backup.id} (${backup.startedAt})\n${backup.reasons.join('\n')}`}</title>
          </circle>
        );
      })}
    </g>
  );
}

function WindowRow({ window, when, y, px }: { window: WindowLane; when: 'now' | 'after'; y: number; px: (x: number) => number }) {
  const spans = when === 'now' ? window.now : window.after;
  const middle = y + laneHeight / 2;
  return (
    <g data-testid="timeline-window" data-when={when} data-count={spans.length}>
      <text x={12} y={middle + 4} fontSize={12} fill={colors.text}>
        {window.label}
      </text>
      <line x1={px(0)} x2={px(1)} y1={middle} y2={middle} stroke={colors.track} strokeWidth={6} strokeLinecap="round" />
      {spans.map((span) => (
        <rect
          key={`${span.range.timeline}-${span.range.firstSegment}`}
          x={px(span.x1)}
          y={middle - 5}
          width={Math.max(3, px(span.x2) - px(span.x1))}
          height={10}
          rx={3}
          fill={colors.window}
          stroke={colors.kept}
        >
          <title>{`timeline ${span.range.timeline}: ${span.range.firstSegment} … ${span.range.lastSegment}\n${span.range.fromTime ?? '?'} → ${span.range.toTime ?? '?'}`}</title>
        </rect>
      ))}
    </g>
  );
}

function Legend({ color, label, hollow, bar }: { color: string; label: string; hollow?: boolean; bar?: boolean }) {
  return (
    <Group gap={6}>
      <svg width={bar ? 22 : 12} height={12} aria-hidden>
        {bar ? (
          <rect x={1} y={2} width={20} height={8} rx={3} fill={color} />
        ) : (
          <circle cx={6} cy={6} r={5} fill={hollow ? 'white' : color} stroke={color} strokeWidth={hollow ? 2 : 1} />
        )}
      </svg>
      <Text size="xs">{label}</Text>
    </Group>
  );
}

/** "2026-11-21" for a span of weeks, "2026-11-21 14:05" for hours, "14:05:09" for minutes. */
function tickLabel(wallTime: string, unit: TimelineLayout['tickUnit']): string {
  if (unit === 'day') return wallTime.slice(0, 10);
  if (unit === 'minute') return wallTime.slice(0, 16);
  return wallTime.slice(11, 19);
}
