import { Badge, Box, Group, Stack, Text } from '@mantine/core';
import { memo } from 'react';
import type { BlockingNode, HealthPanels } from '../../../shared/domain/health';
import { formatDurationMs } from '../../../shared/format/duration';
import { QueryText } from './activity-panel';
import { PanelFrame } from './panel-frame';
import { SessionActions } from './session-actions';

/** One session of the tree and those it blocks, indented under it; actions only on the root, whose end frees the rest. */
function BlockingBranch({ profileId, node, depth }: { profileId: string; node: BlockingNode; depth: number }) {
  const { session } = node;
  return (
    <Box
      pl={depth ? 20 : 0}
      style={depth ? { borderLeft: '2px solid var(--mantine-color-orange-3)' } : undefined}
      data-testid="blocking-node"
      data-pid={session.pid}
      data-depth={depth}
    >
      <Stack gap={2} py={4}>
        <Group gap="xs" wrap="nowrap" justify="space-between">
          <Group gap="xs">
            <Badge color={depth ? 'orange' : 'red'} variant="light" size="sm">
              {depth ? 'blocked' : 'root'}
            </Badge>
            <Text size="sm" fw={600}>
              pid {session.pid}
            </Text>
            <Text size="xs" c="dimmed">
              {session.user ?? '-'} · {session.database ?? '-'} · {session.state}
              {node.waitingFor
                ? ` · waits ${node.waitMs === null ? '' : formatDurationMs(node.waitMs)} for ${node.waitingFor.mode} on ${node.waitingFor.relation ?? node.waitingFor.lockType}`
                : ''}
              {node.blockedBy.length > 1 ? ` · blocked by ${node.blockedBy.join(', ')}` : ''}
            </Text>
          </Group>
          {depth === 0 && <SessionActions profileId={profileId} session={session} />}
        </Group>
        <QueryText session={session} />
      </Stack>
      {node.children.map((child) => (
        <BlockingBranch key={`${child.session.pid}-${child.session.backendStart}`} profileId={profileId} node={child} depth={depth + 1} />
      ))}
    </Box>
  );
}

/** Who blocks whom (pg_blocking_pids), as a tree from each root. */
export const LocksPanel = memo(function LocksPanel({ profileId, panel }: { profileId: string; panel: HealthPanels['locks'] }) {
  return (
    <PanelFrame title="Locks" panel={panel}>
      {(data) =>
        data.roots.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="no-blocking">
            No session waits for a lock another holds.
          </Text>
        ) : (
          <Stack gap="sm" data-testid="blocking-tree">
            <Text size="sm">
              <strong data-testid="blocked-sessions">{data.blockedSessions}</strong> blocked session{data.blockedSessions === 1 ? '' : 's'}
              {data.longestWaitMs !== null ? `, the longest waiting ${formatDurationMs(data.longestWaitMs)}` : ''}
              {data.cycle ? ' · a deadlock cycle the detector has not broken yet' : ''}
            </Text>
            {data.roots.map((root) => (
              <BlockingBranch key={`${root.session.pid}-${root.session.backendStart}`} profileId={profileId} node={root} depth={0} />
            ))}
          </Stack>
        )
      }
    </PanelFrame>
  );
});
