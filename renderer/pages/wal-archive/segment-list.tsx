import { Badge, Box, Group, Text, Tooltip } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState, type CSSProperties } from 'react';
import type { ArchiveRef } from '../../../shared/contract/wal';
import { formatLsn } from '../../../shared/domain/wal';
import type { ArchivedSegment } from '../../../shared/domain/wal-archive';
import { ErrorAlert } from '../../components/error-alert';
import { formatInstant } from '../../components/wal/display-units';
import type { SegmentMarkers } from './segment-markers';
import { useSegmentPages } from './use-segment-pages';
import { formatBytes } from '../../../shared/format/bytes';

const rowHeightPx = 36;
const listHeightPx = 440;
const columns = '228px 44px 220px 76px 150px 64px minmax(0, 1fr)';
const cell: CSSProperties = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' };

/**
 * Every segment of the archive (or of one timeline) in WAL order, virtualized and fetched by the
 * page as it scrolls into view. Rows after a gap, base-backup starts, partial and truncated
 * segments are marked.
 */
export function SegmentList({
  archive,
  timeline,
  markers,
  selected,
  onSelect,
}: {
  archive: ArchiveRef;
  timeline: number | undefined;
  markers: SegmentMarkers;
  selected: string | null;
  onSelect: (segment: ArchivedSegment) => void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState<{ first: number; last: number } | null>(null);
  const pages = useSegmentPages(archive, timeline, visible);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read only during this render
  const virtualizer = useVirtualizer({
    count: pages.total ?? 0,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeightPx,
    overscan: 20,
    onChange: (instance) => {
      const items = instance.getVirtualItems();
      if (items.length === 0) return;
      const next = { first: items[0]!.index, last: items.at(-1)!.index };
      setVisible((current) => (current && current.first === next.first && current.last === next.last ? current : next));
    },
  });

  if (pages.error) return <ErrorAlert error={pages.error} title="Cannot list the segments" />;
  if (pages.total === 0) {
    return (
      <Text size="sm" c="dimmed" data-testid="segments-empty">
        No segment {timeline !== undefined ? `on timeline ${timeline} ` : ''}in the archive yet. The server hands a segment to the archiver when it fills (16
        MB) or archive_timeout forces a switch.
      </Text>
    );
  }

  return (
    <Box
      data-testid="segment-list"
      data-total={pages.total ?? ''}
      style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 8, overflow: 'hidden' }}
    >
      <Box
        style={{
          display: 'grid',
          gridTemplateColumns: columns,
          gap: 12,
          padding: '8px 12px',
          background: 'var(--mantine-color-gray-0)',
          borderBottom: '1px solid var(--mantine-color-default-border)',
        }}
      >
        {['Segment', 'TL', 'LSN range', 'Size', 'Archived', 'Compr.', ''].map((title) => (
          <Text key={title || 'marks'} size="xs" fw={700} c="dimmed" tt="uppercase">
            {title}
          </Text>
        ))}
      </Box>
      <Box
        ref={scrollRef}
        style={{ height: Math.min(listHeightPx, Math.max(1, pages.total ?? 1) * rowHeightPx + 2), overflow: 'auto' }}
        data-testid="segment-scroll"
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const segment = pages.segmentAt(item.index);
            return (
              <div key={item.key} style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}>
                {segment ? (
                  <SegmentRow segment={segment} markers={markers} selected={segment.name === selected && !segment.partial} onSelect={onSelect} />
                ) : (
                  <Text size="sm" c="dimmed" px={12} py={8}>
                    Loading…
                  </Text>
                )}
              </div>
            );
          })}
        </div>
      </Box>
    </Box>
  );
}

function SegmentRow({
  segment,
  markers,
  selected,
  onSelect,
}: {
  segment: ArchivedSegment;
  markers: SegmentMarkers;
  selected: boolean;
  onSelect: (segment: ArchivedSegment) => void;
}) {
  const gap = segment.partial ? undefined : markers.gapBefore.get(segment.name);
  const backups = segment.partial ? undefined : markers.backupStarts.get(segment.name);
  return (
    <Box
      role="button"
      tabIndex={0}
      onClick={() => onSelect(segment)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' || event.key === ' ') {
          event.preventDefault();
          onSelect(segment);
        }
      }}
      data-testid="segment-row"
      data-segment={segment.fileName}
      data-after-gap={gap ? 'true' : undefined}
      style={{
        display: 'grid',
        gridTemplateColumns: columns,
        gap: 12,
        alignItems: 'center',
        height: rowHeightPx,
        padding: '0 12px',
        cursor: 'pointer',
        borderBottom: '1px solid var(--mantine-color-gray-2)',
        borderTop: gap ? '3px solid var(--mantine-color-red-6)' : undefined,
        background: selected ? 'var(--mantine-color-teal-0)' : gap ? 'var(--mantine-color-red-0)' : undefined,
      }}
    >
      <Text size="sm" ff="monospace" style={cell} title={segment.fileName}>
        {segment.name}
      </Text>
      <Text size="sm">{segment.segment.timeline}</Text>
      <Text size="sm" ff="monospace" style={cell}>
        {formatLsn(segment.startLsn)} – {formatLsn(segment.endLsn)}
      </Text>
      <Text size="sm">{formatBytes(segment.sizeBytes)}</Text>
      <Text size="sm" style={cell} title={segment.archivedAt}>
        {formatInstant(segment.archivedAt)}
      </Text>
      <Text size="sm" c={segment.compression === 'none' ? 'dimmed' : undefined}>
        {segment.compression}
      </Text>
      <Group gap={4} wrap="nowrap" style={{ overflow: 'hidden' }}>
        {gap && (
          <Tooltip
            label={`${gap.missingCount} segment(s) missing before this one: ${gap.firstMissing} – ${gap.lastMissing}. Replay from an earlier backup stops there.`}
            multiline
            w={300}
          >
            <Badge color="red" size="sm" variant="filled" tt="none">
              after gap of {gap.missingCount}
            </Badge>
          </Tooltip>
        )}
        {backups?.map((file) => (
          <Tooltip
            key={file.fileName}
            label={`${file.fileName}: base backup ${file.backupId ?? '(not in this repository)'} started at ${formatLsn(file.startLsn)}, consistent at ${formatLsn(file.stopLsn)}.`}
            multiline
            w={300}
          >
            <Badge color="indigo" size="sm" variant="light" tt="none">
              backup starts
            </Badge>
          </Tooltip>
        ))}
        {segment.partial && (
          <Badge color="grape" size="sm" variant="light" tt="none">
            .partial
          </Badge>
        )}
        {segment.truncated && (
          <Badge color="red" size="sm" variant="light" tt="none">
            truncated
          </Badge>
        )}
      </Group>
    </Box>
  );
}
