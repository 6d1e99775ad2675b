import { ActionIcon, Anchor, Badge, Button, Group, ScrollArea, Stack, Table, Text, Tooltip } from '@mantine/core';
import { IconPin, IconPinnedOff } from '@tabler/icons-react';
import { useState } from 'react';
import type { PlannedBackup, RetentionPlan } from '../../../shared/domain/retention';
import { formatBytes } from '../../../shared/format/bytes';
import { hrefFor } from '../../app/routes';
import { useMutationRequest } from '../../bridge/use-request';
import { wallTimeIn } from '../../components/recovery/zoned-time';
import { laneLabel } from './retention-timeline-layout';

// A long history is shown a page at a time: the first rows are the ones people check.
const pageSize = 200;

/** Every backup of the plan: what it is, keep or delete, and every reason. */
export function RetentionPlanTable({ plan }: { plan: RetentionPlan }) {
  const [shown, setShown] = useState(pageSize);
  const clusters = plan.series.filter((series) => series.kind === 'physical').length;
  const labels = new Map(plan.series.map((series) => [series.key, laneLabel(series.key, clusters)]));
  return (
    <Stack gap="xs">
      <ScrollArea.Autosize mah={560}>
        <Table striped highlightOnHover stickyHeader data-testid="retention-plan-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Backup</Table.Th>
              <Table.Th>Series</Table.Th>
              <Table.Th>Started ({plan.timeZone})</Table.Th>
              <Table.Th style={{ textAlign: 'right' }}>Size</Table.Th>
              <Table.Th>Action</Table.Th>
              <Table.Th>Reason</Table.Th>
              <Table.Th aria-label="Pin" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {plan.backups.slice(0, shown).map((backup) => (
              <PlanRow key={backup.id} backup={backup} plan={plan} series={labels.get(backup.seriesKey) ?? backup.seriesKey} />
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
      {plan.backups.length > shown && (
        <Button variant="subtle" onClick={() => setShown((count) => count + pageSize * 5)}>
          Show more ({plan.backups.length - shown} not shown)
        </Button>
      )}
    </Stack>
  );
}

function PlanRow({ backup, plan, series }: { backup: PlannedBackup; plan: RetentionPlan; series: string }) {
  const invalidates = ['retention.plan', 'retention.pins'] as const;
  const pin = useMutationRequest('retention.pin', { invalidates: [...invalidates] });
  const unpin = useMutationRequest('retention.unpin', { invalidates: [...invalidates] });
  const pinned = backup.pin?.active === true;
  return (
    <Table.Tr data-testid="plan-row" data-backup-id={backup.id} data-action={backup.action}>
      <Table.Td>
        <Anchor href={hrefFor({ page: 'backups', backupId: backup.id })} ff="monospace" size="xs" style={{ whiteSpace: 'nowrap' }}>
          {backup.id}
        </Anchor>
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Text size="sm" lineClamp={2}>
            {series}
          </Text>
          {backup.status !== 'complete' && (
            <Badge size="xs" color="gray" variant="light">
              {backup.status}
            </Badge>
          )}
          {backup.damaged && (
            <Badge size="xs" color="orange" variant="light">
              damaged
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
          {wallTimeIn(backup.startedAt, plan.timeZone)}
        </Text>
      </Table.Td>
      <Table.Td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
        <Text size="sm">{formatBytes(backup.totalBytes)}</Text>
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Badge
          style={{ overflow: 'visible' }}
          color={backup.action === 'keep' ? 'teal' : 'red'}
          variant={backup.action === 'keep' ? 'light' : 'filled'}
          data-testid="plan-action"
        >
          {backup.action}
        </Badge>
      </Table.Td>
      <Table.Td data-testid="plan-reason">
        <Stack gap={0}>
          {backup.reasons.map((reason) => (
            <Text key={reason} size="sm">
              {reason}
            </Text>
          ))}
        </Stack>
      </Table.Td>
      <Table.Td>
        <Tooltip label={pinned ? 'Unpin: let the rules decide again' : 'Pin: keep it whatever the rules say'} withArrow>
          <ActionIcon
            variant={pinned ? 'filled' : 'subtle'}
            color="indigo"
            loading={pin.isPending || unpin.isPending}
            aria-label={pinned ? `Unpin ${backup.id}` : `Pin ${backup.id}`}
            data-testid="pin-toggle"
            onClick={() =>
              pinned
                ? unpin.mutate({ backupId: backup.id, repositoryDir: plan.repositoryDir })
                : pin.mutate({ backupId: backup.id, repositoryDir: plan.repositoryDir })
            }
          >
            {pinned ? <IconPinnedOff size={16} /> : <IconPin size={16} />}
          </ActionIcon>
        </Tooltip>
      </Table.Td>
    </Table.Tr>
  );
}
