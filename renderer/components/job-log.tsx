import { Box, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { JobLogLine } from '../../shared/domain/job';

const levelStyle: Record<JobLogLine['level'], { background?: string; color?: string }> = {
  info: {},
  warning: { background: 'var(--mantine-color-yellow-light)', color: 'var(--mantine-color-yellow-light-color)' },
  error: { background: 'var(--mantine-color-red-light)', color: 'var(--mantine-color-red-light-color)' },
};

/**
 * A job's log, virtualized (a backup's log runs to thousands of lines). It follows the newest
 * line while the reader is at the bottom, and stays put when they scroll up to read.
 */
export function JobLog({ lines, heightPx = 240 }: { lines: JobLogLine[]; heightPx?: number }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const followingRef = useRef(true);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read only during this render
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 22,
    overscan: 12,
  });

  useEffect(() => {
    if (followingRef.current && lines.length > 0) virtualizer.scrollToIndex(lines.length - 1, { align: 'end' });
  }, [lines.length, virtualizer]);

  if (lines.length === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="job-log-empty">
        No log lines yet.
      </Text>
    );
  }

  return (
    <Box
      ref={scrollRef}
      data-testid="job-log"
      onScroll={(event) => {
        const element = event.currentTarget;
        followingRef.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
      }}
      style={{
        height: heightPx,
        overflow: 'auto',
        border: '1px solid var(--mantine-color-default-border)',
        borderRadius: 'var(--mantine-radius-sm)',
        background: 'var(--mantine-color-gray-0)',
        fontFamily: 'var(--mantine-font-family-monospace)',
        fontSize: 13,
      }}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const line = lines[item.index]!;
          return (
            <div
              key={line.seq}
              ref={virtualizer.measureElement}
              data-index={item.index}
              data-level={line.level}
              style={{
                position: 'absolute',
                top: 0,
                left: 0,
                right: 0,
                transform: `translateY(${item.start}px)`,
                padding: '2px 10px',
                whiteSpace: 'pre-wrap',
                wordBreak: 'break-word',
                lineHeight: 1.45,
                ...levelStyle[line.level],
              }}
            >
              {line.level !== 'info' && <strong>{line.level === 'error' ? 'error: ' : 'warning: '}</strong>}
              {line.text}
            </div>
          );
        })}
      </div>
    </Box>
  );
}
