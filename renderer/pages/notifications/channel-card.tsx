import { Alert, Badge, Button, Chip, Code, Group, Paper, Stack, Switch, Text } from '@mantine/core';
import { IconBellRinging, IconPencil, IconSend, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { tidemarkEventTypes, type DeliveryAttempt, type NotificationChannel } from '../../../shared/domain/notification';
import type { TidemarkEventType } from '../../../shared/domain/notification-event';
import { askForBrowserNotifications, browserNotificationState, type BrowserNotificationState } from '../../app/browser-notifications';
import { useMutationRequest, useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { RemovalConfirmation } from '../../components/removal-confirmation';
import { channelKindLabel, eventTypeLabels, resultBadges } from './event-labels';
import { notificationQueries } from './notification-queries';

/** One channel: what it is, where it sends, its filter (chips that save at once), on/off, a test, edit and remove. */
export function ChannelCard({ channel, onEdit }: { channel: NotificationChannel; onEdit: () => void }) {
  const info = useRequest('app.info', {});
  const save = useMutationRequest('notifications.saveChannel', { invalidates: notificationQueries });
  const test = useMutationRequest('notifications.test', { invalidates: notificationQueries });
  const [permission, setPermission] = useState<BrowserNotificationState>(browserNotificationState);
  const inBrowser = info.data?.host === 'web';

  function update(changes: { enabled?: boolean; events?: TidemarkEventType[] }) {
    // Settings only: the saved secrets stay as they are (absent means "keep").
    const { kind } = channel;
    const common = { id: channel.id, name: channel.name, enabled: changes.enabled ?? channel.enabled, events: changes.events ?? channel.events };
    if (kind === 'desktop') save.mutate({ channel: { kind, ...common } });
    else if (kind === 'webhook') save.mutate({ channel: { kind, ...common, format: channel.format } });
    else
      save.mutate({
        channel: {
          kind,
          ...common,
          host: channel.host,
          port: channel.port,
          security: channel.security,
          username: channel.username,
          from: channel.from,
          to: channel.to,
        },
      });
  }

  function turn(enabled: boolean) {
    // The browser asks only in answer to a click: this one, which turns a desktop channel on.
    if (enabled && channel.kind === 'desktop' && inBrowser) void askForBrowserNotifications().then(setPermission);
    update({ enabled });
  }

  return (
    <Paper withBorder radius="md" p="lg" data-testid="notification-channel" data-channel-name={channel.name} data-channel-kind={channel.kind}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={4}>
            <Group gap="sm">
              <Text fw={650} size="lg">
                {channel.name}
              </Text>
              <Badge variant="light">{channelKindLabel(channel)}</Badge>
              {channel.secrets === 'missing' && (
                <Badge
                  color="red"
                  variant="light"
                  title="The secret store on this machine lacks this channel's address or password: edit it to enter them again."
                >
                  Secret missing here
                </Badge>
              )}
            </Group>
            <Address channel={channel} />
          </Stack>
          <Switch
            label={channel.enabled ? 'On' : 'Off'}
            checked={channel.enabled}
            onChange={(event) => turn(event.currentTarget.checked)}
            disabled={save.isPending}
            data-testid="channel-enabled"
          />
        </Group>
        <Chip.Group multiple value={channel.events} onChange={(events) => update({ events: tidemarkEventTypes.filter((type) => events.includes(type)) })}>
          <Group gap={6} data-testid="channel-events">
            {tidemarkEventTypes.map((type) => (
              <Chip key={type} value={type} size="xs" variant="outline" disabled={save.isPending}>
                {eventTypeLabels[type]}
              </Chip>
            ))}
          </Group>
        </Chip.Group>
        {channel.kind === 'desktop' && inBrowser && permission !== 'granted' && <BrowserPermissionNotice permission={permission} onAsked={setPermission} />}
        <Group gap="sm">
          <Button
            size="xs"
            leftSection={<IconSend size={14} />}
            onClick={() => test.mutate({ channel: channel.id })}
            loading={test.isPending}
            data-testid="send-test"
          >
            Send a test
          </Button>
          <Button size="xs" variant="default" leftSection={<IconPencil size={14} />} onClick={onEdit} data-testid="edit-channel">
            Edit
          </Button>
          <RemoveChannelButton channel={channel} />
        </Group>
        {test.data && <TestResult attempt={test.data} />}
        {test.error && <ErrorAlert error={test.error} title="The test was not sent" />}
        {save.error && <ErrorAlert error={save.error} title="The change was not saved" />}
      </Stack>
    </Paper>
  );
}

function Address({ channel }: { channel: NotificationChannel }) {
  if (channel.kind === 'desktop')
    return (
      <Text size="sm" c="dimmed">
        Shown on this computer by the app (or the browser in browser mode).
      </Text>
    );
  if (channel.kind === 'webhook') return <Code>{channel.address}</Code>;
  return (
    <Text size="sm" c="dimmed">
      To {channel.to.join(', ')} via <Code>{`${channel.host}:${channel.port}`}</Code> ({channel.security}
      {channel.username ? `, as ${channel.username}` : ''})
    </Text>
  );
}

function TestResult({ attempt }: { attempt: DeliveryAttempt }) {
  const badge = resultBadges[attempt.result];
  return (
    <Alert color={badge.color} variant="light" title={`Test: ${badge.label.toLowerCase()}`} data-testid="test-result" data-result={attempt.result}>
      <Text size="sm">
        {attempt.detail} · {attempt.durationMs} ms
      </Text>
    </Alert>
  );
}

function BrowserPermissionNotice({ permission, onAsked }: { permission: BrowserNotificationState; onAsked: (state: BrowserNotificationState) => void }) {
  if (permission === 'unsupported') {
    return (
      <Alert color="yellow" variant="light">
        This browser has no notifications: use another browser, or the desktop app.
      </Alert>
    );
  }
  if (permission === 'denied') {
    return (
      <Alert color="yellow" variant="light" title="This browser blocks Tidemark's notifications">
        Allow notifications for this address in the browser's site settings; the browser will not ask again.
      </Alert>
    );
  }
  return (
    <Alert color="blue" variant="light" title="This browser has not been asked yet">
      <Button size="xs" mt={4} leftSection={<IconBellRinging size={14} />} onClick={() => void askForBrowserNotifications().then(onAsked)}>
        Allow notifications in this browser
      </Button>
    </Alert>
  );
}

function RemoveChannelButton({ channel }: { channel: NotificationChannel }) {
  const [confirming, setConfirming] = useState(false);
  const remove = useMutationRequest('notifications.removeChannel', { invalidates: notificationQueries, onSuccess: () => setConfirming(false) });
  return (
    <>
      <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} />} onClick={() => setConfirming(true)} data-testid="remove-channel">
        Remove
      </Button>
      <RemovalConfirmation
        opened={confirming}
        onClose={() => setConfirming(false)}
        title={`Remove “${channel.name}”?`}
        onRemove={() => remove.mutate({ channel: channel.id })}
        removing={remove.isPending}
        error={remove.error}
        confirmTestId="confirm-remove-channel"
      >
        Its settings and its saved secrets go; messages still waiting for it in the outbox are reported as not deliverable. Backups and schedules are not
        touched.
      </RemovalConfirmation>
    </>
  );
}
