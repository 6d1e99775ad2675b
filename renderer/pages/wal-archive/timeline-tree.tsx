import { Badge, Box, Code, Group, Stack, Text } from '@mantine/core';
import { IconGitBranch } from '@tabler/icons-react';
import { formatLsn } from '../../../shared/domain/wal';
import type { TimelineNode } from '../../../shared/domain/wal-archive';
import { formatBytes } from '../../../shared/format/bytes';

/**
 * The archive's timelines as the `.history` files describe them: which timeline forked from which,
 * at what LSN, and why recovery ended there. A timeline without its history file is shown at the
 * root, marked: recovery cannot follow it.
 */
export function TimelineTree({
  timelines,
  onPick,
  picked,
}: {
  timelines: TimelineNode[];
  onPick: (timeline: number | undefined) => void;
  picked: number | undefined;
}) {
  const byNumber = new Map(timelines.map((node) => [node.timeline, node]));
  const roots = timelines.filter((node) => node.parentTimeline === null || !byNumber.has(node.parentTimeline));
  if (timelines.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No timeline yet: the archive holds no segment.
      </Text>
    );
  }
  return (
    <Stack gap={4} data-testid="timeline-tree">
      {roots.map((root) => (
        <TimelineBranch key={root.timeline} node={root} byNumber={byNumber} depth={0} onPick={onPick} picked={picked} />
      ))}
    </Stack>
  );
}

function TimelineBranch({
  node,
  byNumber,
  depth,
  onPick,
  picked,
}: {
  node: TimelineNode;
  byNumber: Map<number, TimelineNode>;
  depth: number;
  onPick: (timeline: number | undefined) => void;
  picked: number | undefined;
}) {
  const children = node.children.map((child) => byNumber.get(child)).filter((child): child is TimelineNode => child !== undefined);
  const isPicked = picked === node.timeline;
  return (
    <Box style={depth > 0 ? { marginLeft: 14, paddingLeft: 16, borderLeft: '2px solid var(--mantine-color-gray-4)' } : undefined}>
      <Box
        role="button"
        tabIndex={0}
        onClick={() => onPick(isPicked ? undefined : node.timeline)}
        onKeyDown={(event) => {
          if (event.key === 'Enter') onPick(isPicked ? undefined : node.timeline);
        }}
        data-testid="timeline-node"
        data-timeline={node.timeline}
        style={{
          padding: '8px 10px',
          borderRadius: 8,
          cursor: 'pointer',
          background: isPicked ? 'var(--mantine-color-teal-0)' : undefined,
          border: `1px solid ${isPicked ? 'var(--mantine-color-teal-4)' : 'transparent'}`,
        }}
        title={isPicked ? 'Show every timeline' : `Show only timeline ${node.timeline}'s segments`}
      >
        <Stack gap={2}>
          <Group gap="xs">
            {depth > 0 && <IconGitBranch size={16} color="var(--mantine-color-gray-6)" />}
            <Text fw={700} size="sm">
              Timeline {node.timeline}
            </Text>
            <Text size="sm" c="dimmed">
              {node.segmentCount.toLocaleString()} segment{node.segmentCount === 1 ? '' : 's'} · {formatBytes(node.sizeBytes)}
            </Text>
            {node.historyMissing && (
              <Badge color="orange" variant="light" size="sm" tt="none">
                history file missing
              </Badge>
            )}
            {node.partialFiles.length > 0 && (
              <Badge color="grape" variant="light" size="sm" tt="none">
                {node.partialFiles.length} .partial
              </Badge>
            )}
          </Group>
          {node.parentTimeline !== null && node.forkLsn && (
            <Text size="xs">
              Forked from timeline {node.parentTimeline} at <Code>{formatLsn(node.forkLsn)}</Code>
              {node.reason ? <> — {node.reason}</> : null}
              {node.historyFile ? (
                <Text span size="xs" c="dimmed">
                  {' '}
                  ({node.historyFile})
                </Text>
              ) : null}
            </Text>
          )}
          {node.historyMissing && (
            <Text size="xs" c="orange.9">
              Its history file is not in the archive: restore_command fetches it first, so recovery cannot follow this timeline, and its parent is unknown.
            </Text>
          )}
          {node.firstSegment && (
            <Text size="xs" c="dimmed">
              {node.firstSegment} → {node.lastSegment}
              {node.partialFiles.length > 0 ? ` · ended by a promotion: ${node.partialFiles.join(', ')}` : ''}
            </Text>
          )}
        </Stack>
      </Box>
      {children.map((child) => (
        <TimelineBranch key={child.timeline} node={child} byNumber={byNumber} depth={depth + 1} onPick={onPick} picked={picked} />
      ))}
    </Box>
  );
}
