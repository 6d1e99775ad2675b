import { Box, Group, Text } from '@mantine/core';
import { memo, useEffect, useRef, useState, type MouseEvent } from 'react';
import type { GapReason, HealthPoint, HealthSeriesKey } from '../../../shared/domain/health';

export interface ChartSeries {
  key: HealthSeriesKey;
  label: string;
  /** A CSS colour the canvas can draw with (not a Mantine variable). */
  color: string;
}

const gapLabels: Record<GapReason, string> = {
  'first-sample': 'first sample (a rate needs two)',
  'stats-reset': 'statistics were reset',
  'counter-went-backwards': 'a counter went backwards (reset)',
  'not-polled': 'not polled (dashboard hidden or server down)',
};

const padding = { left: 52, right: 8, top: 8, bottom: 18 };
const gridColor = '#e9ecef';
const gapColor = 'rgba(134, 142, 150, 0.14)';
const textColor = '#868e96';

function timeOf(point: HealthPoint): number {
  return Date.parse(point.at);
}

/** The index of the point nearest `time` (points are in time order). */
function nearestIndex(times: readonly number[], time: number): number {
  let low = 0;
  let high = times.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (times[middle]! < time) low = middle + 1;
    else high = middle;
  }
  if (low > 0 && Math.abs(times[low - 1]! - time) < Math.abs(times[low]! - time)) return low - 1;
  return low;
}

function clockTime(time: number, withSeconds: boolean): string {
  return new Date(time).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', ...(withSeconds ? { second: '2-digit' } : {}) });
}

interface Scale {
  start: number;
  end: number;
  yMin: number;
  yMax: number;
  width: number;
  height: number;
}

function xOf(scale: Scale, time: number): number {
  return padding.left + ((time - scale.start) / (scale.end - scale.start)) * (scale.width - padding.left - padding.right);
}

function yOf(scale: Scale, value: number): number {
  const plotHeight = scale.height - padding.top - padding.bottom;
  return padding.top + plotHeight - ((value - scale.yMin) / (scale.yMax - scale.yMin || 1)) * plotHeight;
}

function valueRange(points: readonly HealthPoint[], series: readonly ChartSeries[], fixed: { yMin?: number; yMax?: number }): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const point of points) {
    for (const { key } of series) {
      const value = point.values[key];
      if (value === null) continue;
      if (value < low) low = value;
      if (value > high) high = value;
    }
  }
  if (high === -Infinity) return [fixed.yMin ?? 0, fixed.yMax ?? 1];
  const yMin = fixed.yMin ?? Math.min(0, low);
  const yMax = fixed.yMax ?? (high <= yMin ? yMin + 1 : high * 1.1);
  return [yMin, yMax];
}

function draw(canvas: HTMLCanvasElement, points: readonly HealthPoint[], series: readonly ChartSeries[], scale: Scale, format: (value: number) => string) {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(scale.width * ratio);
  canvas.height = Math.round(scale.height * ratio);
  const context = canvas.getContext('2d');
  if (!context) return;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, scale.width, scale.height);
  context.font = '10px system-ui, sans-serif';
  context.fillStyle = textColor;
  context.strokeStyle = gridColor;
  context.lineWidth = 1;

  // Three grid lines with their values, and the window's two ends.
  for (const share of [0, 0.5, 1]) {
    const value = scale.yMin + share * (scale.yMax - scale.yMin);
    const y = Math.round(yOf(scale, value)) + 0.5;
    context.beginPath();
    context.moveTo(padding.left, y);
    context.lineTo(scale.width - padding.right, y);
    context.stroke();
    context.textAlign = 'right';
    context.textBaseline = 'middle';
    context.fillText(format(value), padding.left - 6, y);
  }
  context.textBaseline = 'alphabetic';
  context.textAlign = 'left';
  context.fillText(clockTime(scale.start, false), padding.left, scale.height - 4);
  context.textAlign = 'right';
  context.fillText(clockTime(scale.end, false), scale.width - padding.right, scale.height - 4);

  // A gap is shaded from the last point before it: the time nothing (or nothing comparable) was sampled.
  context.fillStyle = gapColor;
  for (let index = 1; index < points.length; index++) {
    if (!points[index]!.gap) continue;
    const from = Math.max(padding.left, xOf(scale, timeOf(points[index - 1]!)));
    const to = xOf(scale, timeOf(points[index]!));
    if (to > from) context.fillRect(from, padding.top, to - from, scale.height - padding.top - padding.bottom);
  }

  context.lineWidth = 1.5;
  context.lineJoin = 'round';
  for (const { key, color } of series) {
    context.strokeStyle = color;
    context.beginPath();
    let drawing = false;
    for (const point of points) {
      const value = point.values[key];
      // A point with a gap starts a new segment: no line is drawn into it.
      if (value === null || point.gap) drawing = false;
      if (value === null) continue;
      const x = xOf(scale, timeOf(point));
      const y = yOf(scale, value);
      if (drawing) context.lineTo(x, y);
      else context.moveTo(x, y);
      drawing = true;
    }
    context.stroke();
  }
}

/**
 * A time series on a canvas: one redraw a sample, no DOM node a point, so the dashboard can stay open
 * at a fraction of a core. Gaps (a reset, a pause) are shaded and never bridged by a line; hovering
 * shows the values at the nearest sample.
 */
export const TimeSeriesChart = memo(function TimeSeriesChart({
  points,
  series,
  windowMs,
  format,
  yMin,
  yMax,
  height = 130,
  testId,
}: {
  points: readonly HealthPoint[];
  series: readonly ChartSeries[];
  windowMs: number;
  format: (value: number) => string;
  yMin?: number;
  yMax?: number;
  height?: number;
  testId: string;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(0);
  const [hoverIndex, setHoverIndex] = useState<number | null>(null);

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry!.contentRect.width)));
    observer.observe(container);
    return () => observer.disconnect();
  }, []);

  const end = points.length ? timeOf(points[points.length - 1]!) : Date.now();
  const [low, high] = valueRange(points, series, { yMin, yMax });
  const scale: Scale = { start: end - windowMs, end, yMin: low, yMax: high, width, height };

  useEffect(() => {
    if (canvasRef.current && width > 0) draw(canvasRef.current, points, series, scale, format);
    // scale is derived from these; listing its parts keeps the redraw to a change of data or size.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [points, series, width, height, windowMs, low, high, format]);

  const times = points.map(timeOf);
  const hovered = hoverIndex !== null ? points[hoverIndex] : undefined;
  const onMove = (event: MouseEvent<HTMLDivElement>) => {
    if (!points.length) return;
    const x = event.clientX - event.currentTarget.getBoundingClientRect().left;
    const time = scale.start + ((x - padding.left) / (width - padding.left - padding.right)) * windowMs;
    setHoverIndex(nearestIndex(times, time));
  };
  const last = points.at(-1);

  return (
    <Box>
      <Group gap="md" mb={4}>
        {series.map(({ key, label, color }) => (
          <Group key={key} gap={6}>
            <Box w={10} h={3} style={{ background: color, borderRadius: 2 }} />
            <Text size="xs" c="dimmed">
              {label}
            </Text>
          </Group>
        ))}
      </Group>
      <div
        ref={containerRef}
        style={{ position: 'relative', height }}
        onMouseMove={onMove}
        onMouseLeave={() => setHoverIndex(null)}
        data-testid={testId}
        data-points={points.length}
        data-gaps={points.filter((point) => point.gap && point.gap !== 'first-sample').length}
        data-last={last ? series.map(({ key }) => last.values[key] ?? '').join(',') : ''}
      >
        <canvas
          ref={canvasRef}
          style={{ width: '100%', height, display: 'block' }}
          aria-label={`Chart of ${series.map((s) => s.label).join(', ')}`}
          role="img"
        />
        {points.length === 0 && (
          <Text size="xs" c="dimmed" style={{ position: 'absolute', top: height / 2 - 10, left: padding.left + 8 }}>
            No samples yet
          </Text>
        )}
        {hovered && (
          <>
            <div
              style={{
                position: 'absolute',
                top: padding.top,
                bottom: padding.bottom,
                left: xOf(scale, timeOf(hovered)),
                width: 1,
                background: 'var(--mantine-color-gray-5)',
                pointerEvents: 'none',
              }}
            />
            <Box
              data-testid={`${testId}-hover`}
              style={{
                position: 'absolute',
                top: 0,
                ...(xOf(scale, timeOf(hovered)) > width / 2 ? { right: width - xOf(scale, timeOf(hovered)) + 8 } : { left: xOf(scale, timeOf(hovered)) + 8 }),
                pointerEvents: 'none',
                background: 'var(--mantine-color-body)',
                border: '1px solid var(--mantine-color-default-border)',
                borderRadius: 4,
                padding: '4px 8px',
                boxShadow: 'var(--mantine-shadow-xs)',
                whiteSpace: 'nowrap',
              }}
            >
              <Text size="xs" fw={600}>
                {clockTime(timeOf(hovered), true)}
              </Text>
              {hovered.gap && hovered.gap !== 'first-sample' && (
                <Text size="xs" c="dimmed">
                  Gap: {gapLabels[hovered.gap]}
                </Text>
              )}
              {series.map(({ key, label, color }) => {
                const value = hovered.values[key];
                return (
                  <Text key={key} size="xs">
                    <span style={{ color }}>●</span> {label}: {value === null ? 'no value' : format(value)}
                  </Text>
                );
              })}
            </Box>
          </>
        )}
      </div>
    </Box>
  );
});
