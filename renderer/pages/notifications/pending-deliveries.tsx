import { Alert, Button, Group, List, Text } from '@mantine/core';
import { IconClockHour4 } from '@tabler/icons-react';
import type { PendingDelivery } from '../../../shared/domain/notification';
import { useMutationRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { localTime } from './delivery-history';
import { destinationLabel, subjectLabel } from './event-labels';
import { notificationQueries } from './notification-queries';

/** What still waits in the outbox, and a way to try it now rather than at its next attempt. */
export function PendingDeliveries({ pending }: { pending: PendingDelivery[] }) {
  const deliver = useMutationRequest('notifications.deliverDue', { invalidates: notificationQueries });
  if (pending.length === 0) return null;
  return (
    <Alert color="yellow" variant="light" icon={<IconClockHour4 />} title={`${pending.length} waiting in the outbox`} data-testid="pending-deliveries">
      <List size="sm" spacing={4} mb="sm">
        {pending.map((delivery) => (
          <List.Item key={delivery.id}>
            {subjectLabel(delivery.subject)} to {destinationLabel(delivery.destination)}: {delivery.attempts} of {delivery.maxAttempts} attempts made, next at{' '}
            {localTime(delivery.nextAttemptAt)}
            {delivery.lastError ? (
              <Text span c="dimmed">
                {' '}
                (last: {delivery.lastError})
              </Text>
            ) : null}
          </List.Item>
        ))}
      </List>
      <Group>
        <Button size="xs" variant="default" onClick={() => deliver.mutate({})} loading={deliver.isPending} data-testid="deliver-now">
          Send what is due now
        </Button>
      </Group>
      {deliver.error && <ErrorAlert error={deliver.error} />}
    </Alert>
  );
}
