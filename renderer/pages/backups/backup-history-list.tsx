import { Box, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState, type CSSProperties } from 'react';
import type { BackupSummary } from '../../../shared/domain/backup';
import { BackupStatusBadge, VerificationBadgeView } from '../../components/backups/backup-badges';
import { formatAge, formatTimestamp } from '../../components/backups/units';
import { useNow } from '../../components/backups/use-now';
import { formatBytes } from '../../../shared/format/bytes';
import { formatDurationMs } from '../../../shared/format/duration';

const columns = ['Status', 'Database', 'Profile', 'Format', 'Size', 'Duration', 'Age', 'Verification'] as const;
// Fixed tracks for the short facts, the names share what is left.
const gridTemplate = '108px minmax(120px, 1.4fr) minmax(90px, 1fr) 84px 80px 84px 96px 132px';
const rowHeightPx = 46;

const cellStyle: CSSProperties = { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', minWidth: 0 };

/**
 * The history as a virtualized grid: only the rows in view are in the DOM, so thousands of
 * backups scroll as smoothly as ten.
 */
export function BackupHistoryList({ backups, selectedId, onOpen }: { backups: readonly BackupSummary[]; selectedId: string | null; onOpen(id: string): void }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const now = useNow();
  const [hoveredId, setHoveredId] = useState<string | null>(null);
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is read only during this render
  const virtualizer = useVirtualizer({ count: backups.length, getScrollElement: () => scrollRef.current, estimateSize: () => rowHeightPx, overscan: 12 });
  // As tall as its rows up to a dozen, then it scrolls.
  const heightPx = Math.min(backups.length * rowHeightPx, 12 * rowHeightPx);

  return (
    <Box
      role="table"
      aria-label="Backup history"
      aria-rowcount={backups.length + 1}
      data-testid="backup-history"
      style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-md)', overflow: 'hidden' }}
    >
      <Box
        role="row"
        style={{
          display: 'grid',
          gridTemplateColumns: gridTemplate,
          gap: 20,
          padding: '10px 16px',
          background: 'var(--mantine-color-gray-0)',
          borderBottom: '1px solid var(--mantine-color-default-border)',
        }}
      >
        {columns.map((column) => (
          <Text
            key={column}
            role="columnheader"
            size="xs"
            fw={700}
            c="dimmed"
            tt="uppercase"
            style={{ ...cellStyle, textAlign: column === 'Size' || column === 'Duration' ? 'right' : undefined }}
          >
            {column}
          </Text>
        ))}
      </Box>
      <div ref={scrollRef} style={{ height: heightPx, overflow: 'auto' }} data-testid="backup-history-scroll">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const backup = backups[item.index]!;
            const selected = backup.id === selectedId;
            return (
              <Box
                key={backup.id}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={selected}
                tabIndex={0}
                data-testid="backup-row"
                data-backup-id={backup.id}
                onClick={() => onOpen(backup.id)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' || event.key === ' ') {
                    event.preventDefault();
                    onOpen(backup.id);
                  }
                }}
                onMouseEnter={() => setHoveredId(backup.id)}
                onMouseLeave={() => setHoveredId((current) => (current === backup.id ? null : current))}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: 0,
                  right: 0,
                  height: rowHeightPx,
                  transform: `translateY(${item.start}px)`,
                  display: 'grid',
                  gridTemplateColumns: gridTemplate,
                  gap: 20,
                  alignItems: 'center',
                  padding: '0 16px',
                  cursor: 'pointer',
                  borderBottom: '1px solid var(--mantine-color-gray-2)',
                  background: selected ? 'var(--mantine-color-blue-light)' : hoveredId === backup.id ? 'var(--mantine-color-gray-0)' : undefined,
                }}
              >
                <div role="cell" style={cellStyle}>
                  <BackupStatusBadge status={backup.status} />
                </div>
                <Text role="cell" size="sm" fw={600} style={cellStyle} title={backup.database ?? 'whole cluster'} data-testid="backup-database">
                  {backup.database ?? 'whole cluster'}
                  {backup.origin === 'imported' && (
                    <Text span size="xs" c="dimmed" fw={400}>
                      {' '}
                      · imported
                    </Text>
                  )}
                </Text>
                <Text role="cell" size="sm" style={cellStyle} title={backup.profile?.name}>
                  {backup.profile?.name ?? (
                    <Text span c="dimmed" size="sm">
                      none
                    </Text>
                  )}
                </Text>
                <Text role="cell" size="sm" style={cellStyle}>
                  {backup.kind === 'physical' ? 'physical' : backup.format}
                </Text>
                <Text role="cell" size="sm" ta="right" style={cellStyle}>
                  {backup.status === 'complete' ? formatBytes(backup.totalBytes) : '—'}
                </Text>
                <Text role="cell" size="sm" ta="right" style={cellStyle}>
                  {backup.durationMs === null ? '—' : formatDurationMs(backup.durationMs)}
                </Text>
                <Text role="cell" size="sm" style={cellStyle} title={formatTimestamp(backup.startedAt)}>
                  {formatAge(backup.startedAt, now)}
                </Text>
                <div role="cell" style={cellStyle}>
                  {backup.status === 'complete' ? (
                    <VerificationBadgeView badge={backup.verification} />
                  ) : (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  )}
                </div>
              </Box>
            );
          })}
        </div>
      </div>
    </Box>
  );
}
