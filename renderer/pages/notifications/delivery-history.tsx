import { Badge, Table, Text } from '@mantine/core';
import type { DeliveryHistoryEntry } from '../../../shared/domain/notification';
import { destinationLabel, eventTypeLabels, resultBadges, subjectLabel } from './event-labels';

/** Each attempt and its result, newest first; a repeated event shows as collapsed into the first. */
export function DeliveryHistoryTable({ entries }: { entries: DeliveryHistoryEntry[] }) {
  if (entries.length === 0) {
    return (
      <Text c="dimmed" data-testid="delivery-history-empty">
        Nothing sent yet. Send a test to see it here.
      </Text>
    );
  }
  return (
    <Table striped verticalSpacing={6} data-testid="delivery-history">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>When</Table.Th>
          <Table.Th>What</Table.Th>
          <Table.Th>To</Table.Th>
          <Table.Th ta="right">Try</Table.Th>
          <Table.Th>Result</Table.Th>
          <Table.Th>Detail</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {entries.map((entry, i) =>
          entry.kind === 'collapsed' ? (
            <Table.Tr key={i} data-testid="delivery-row" data-result="collapsed">
              <Table.Td>{localTime(entry.at)}</Table.Td>
              <Table.Td>{eventTypeLabels[entry.subject.eventType]}</Table.Td>
              <Table.Td>-</Table.Td>
              <Table.Td />
              <Table.Td>
                <Badge color="gray" variant="outline">
                  Collapsed
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  Repeat {entry.count} of an event first sent at {localTime(entry.firstAt)}: not sent again before {localTime(entry.windowEndsAt)}.
                </Text>
              </Table.Td>
            </Table.Tr>
          ) : (
            <Table.Tr key={i} data-testid="delivery-row" data-result={entry.result} data-subject={entry.subject.kind}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{localTime(entry.at)}</Table.Td>
              <Table.Td>{subjectLabel(entry.subject)}</Table.Td>
              <Table.Td>{destinationLabel(entry.destination)}</Table.Td>
              <Table.Td ta="right">{entry.attempt}</Table.Td>
              <Table.Td>
                <Badge color={resultBadges[entry.result].color} variant="light">
                  {resultBadges[entry.result].label}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ wordBreak: 'break-word' }}>
                  {entry.detail}
                  {entry.nextAttemptAt ? ` · next try ${localTime(entry.nextAttemptAt)}` : ''}
                </Text>
              </Table.Td>
            </Table.Tr>
          ),
        )}
      </Table.Tbody>
    </Table>
  );
}

/** An instant in the viewer's zone, to the second. */
export function localTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}
