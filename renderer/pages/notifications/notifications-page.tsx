import { Alert, Button, Code, Loader, Stack } from '@mantine/core';
import { IconBell, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import type { NotificationChannel } from '../../../shared/domain/notification';
import { useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { PageHeader } from '../../components/page-header';
import { ChannelCard } from './channel-card';
import { ChannelFormModal } from './channel-form';
import { DeliveryHistoryTable } from './delivery-history';
import { PendingDeliveries } from './pending-deliveries';
import { PageSection } from '../../components/page-section';

/** Notification settings: the channels with their filters and tests, what waits in the outbox, and the delivery history. */
export function NotificationsPage() {
  const info = useRequest('app.info', {});
  const channels = useRequest('notifications.channels', {});
  // The scheduler delivers in the background: keep the outbox and the history current while the page is open.
  const pending = useRequest('notifications.pending', {}, { refetchInterval: 5000 });
  const history = useRequest('notifications.history', { limit: 100 }, { refetchInterval: 5000 });
  const [editing, setEditing] = useState<{ channel: NotificationChannel | null } | null>(null);

  return (
    <>
      <PageHeader
        title="Notifications"
        description={
          <>
            Who hears about failed, missed and overdue backups, a failing archiver or a full disk: desktop notifications, webhooks (Slack too) and email. Kept
            with the backups in <Code>{info.data ? `${info.data.repositoryDir}/notifications.json` : 'notifications.json'}</Code>, so the app, the CLI and a
            daemon agree; addresses and passwords go to the secret store.
          </>
        }
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing({ channel: null })} data-testid="add-channel">
            Add a channel
          </Button>
        }
      />
      <Stack gap="xl">
        <PageSection title="Channels">
          {channels.isPending && <Loader />}
          {channels.error && <ErrorAlert error={channels.error} title="Cannot read the notification channels" />}
          {channels.data?.length === 0 && (
            <Alert color="blue" icon={<IconBell />} title="No channels yet" data-testid="no-channels">
              Add a webhook, an email address or desktop notifications, then send a test.
            </Alert>
          )}
          <Stack gap="md">
            {channels.data?.map((channel) => (
              <ChannelCard key={channel.id} channel={channel} onEdit={() => setEditing({ channel })} />
            ))}
          </Stack>
        </PageSection>
        {pending.data && <PendingDeliveries pending={pending.data} />}
        <PageSection title="Delivery history">
          {history.error && <ErrorAlert error={history.error} title="Cannot read the delivery history" />}
          {history.data && <DeliveryHistoryTable entries={history.data} />}
        </PageSection>
      </Stack>
      <ChannelFormModal channel={editing?.channel ?? null} opened={editing !== null} onClose={() => setEditing(null)} />
    </>
  );
}
