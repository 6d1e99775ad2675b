import {
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  PasswordInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import {
  smtpSecurityModes,
  tidemarkEventTypes,
  type NotificationChannel,
  type NotificationChannelKind,
  type SmtpSecurity,
  type WebhookFormat,
} from '../../../shared/domain/notification';
import type { TidemarkEventType } from '../../../shared/domain/notification-event';
import { askForBrowserNotifications } from '../../app/browser-notifications';
import { useMutationRequest, useRequest } from '../../bridge/use-request';
import { ErrorAlert } from '../../components/error-alert';
import { draftFromFields, fieldsFor, type ChannelFormErrors, type ChannelFormFields } from './channel-form-fields';
import { eventTypeLabels } from './event-labels';
import { notificationQueries } from './notification-queries';

const kindOptions: { value: NotificationChannelKind; label: string }[] = [
  { value: 'webhook', label: 'Webhook or Slack' },
  { value: 'email', label: 'Email' },
  { value: 'desktop', label: 'Desktop' },
];

const securityLabels: Record<SmtpSecurity, string> = {
  tls: 'TLS (usually port 465)',
  starttls: 'STARTTLS, required (usually 587)',
  none: 'None (a relay on this machine only)',
};

/** Adding a channel (channel null) or editing one, in a dialog. */
export function ChannelFormModal({ channel, opened, onClose }: { channel: NotificationChannel | null; opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title={channel ? `Edit “${channel.name}”` : 'Add a notification channel'} size="lg">
      {/* Keyed so each opening starts from the channel as saved. */}
      {opened && <ChannelForm key={channel?.id ?? 'new'} channel={channel} onSaved={onClose} />}
    </Modal>
  );
}

function ChannelForm({ channel, onSaved }: { channel: NotificationChannel | null; onSaved: () => void }) {
  const info = useRequest('app.info', {});
  const [fields, setFields] = useState<ChannelFormFields>(() => fieldsFor(channel));
  const [errors, setErrors] = useState<ChannelFormErrors>({});
  const save = useMutationRequest('notifications.saveChannel', {
    invalidates: notificationQueries,
    onSuccess: (saved) => {
      notifications.show({ color: 'teal', message: `Saved the channel “${saved.name}”.` });
      onSaved();
    },
  });
  const change = (update: Partial<ChannelFormFields>) => setFields((current) => ({ ...current, ...update }));

  function submit() {
    const result = draftFromFields(fields, channel);
    if ('errors' in result) return setErrors(result.errors);
    setErrors({});
    // The browser asks only in answer to a click: this one, which turns a desktop channel on.
    if (result.draft.kind === 'desktop' && fields.enabled && info.data?.host === 'web') void askForBrowserNotifications();
    save.mutate({ channel: result.draft });
  }

  return (
    <Stack gap="md" data-testid="channel-form">
      {!channel && (
        <SegmentedControl
          data={kindOptions}
          value={fields.kind}
          onChange={(kind) => change({ kind: kind as NotificationChannelKind })}
          data-testid="channel-kind"
          fullWidth
        />
      )}
      <TextInput
        label="Name"
        placeholder="Ops Slack"
        value={fields.name}
        onChange={(e) => change({ name: e.currentTarget.value })}
        error={errors.name}
        required
      />
      {fields.kind === 'webhook' && <WebhookFields fields={fields} errors={errors} channel={channel} change={change} />}
      {fields.kind === 'email' && <EmailFields fields={fields} errors={errors} channel={channel} change={change} />}
      {fields.kind === 'desktop' && (
        <Text size="sm" c="dimmed">
          {info.data?.host === 'web'
            ? 'Shown by this browser while Tidemark is open in it: the browser asks for permission when you save.'
            : "Shown by your system's notification centre while the app runs. A daemon without a desktop records these as not deliverable."}
        </Text>
      )}
      <Checkbox.Group
        label="Tell about"
        description="The events this channel receives."
        value={fields.events}
        onChange={(events) => change({ events: events as TidemarkEventType[] })}
      >
        <SimpleGrid cols={2} spacing={6} mt={6}>
          {tidemarkEventTypes.map((type) => (
            <Checkbox key={type} value={type} label={eventTypeLabels[type]} />
          ))}
        </SimpleGrid>
      </Checkbox.Group>
      {save.error && <ErrorAlert error={save.error} title="The channel was not saved" />}
      <Group justify="flex-end">
        <Button onClick={submit} loading={save.isPending} data-testid="channel-save">
          {channel ? 'Save' : 'Add channel'}
        </Button>
      </Group>
    </Stack>
  );
}

interface KindFieldsProps {
  fields: ChannelFormFields;
  errors: ChannelFormErrors;
  channel: NotificationChannel | null;
  change: (update: Partial<ChannelFormFields>) => void;
}

function WebhookFields({ fields, errors, channel, change }: KindFieldsProps) {
  const saved = channel?.kind === 'webhook' ? channel : null;
  return (
    <>
      <PasswordInput
        label="Address"
        description={
          saved
            ? `Saved: ${saved.address}. Leave empty to keep it.`
            : 'The URL the receiver (Slack, a chat tool, your own service) gave you. Kept in the secret store, like passwords.'
        }
        placeholder="https://hooks.slack.com/services/…"
        value={fields.url}
        onChange={(e) => change({ url: e.currentTarget.value })}
        error={errors.url}
        data-testid="webhook-url"
      />
      <Select
        label="Format"
        data={[
          { value: 'generic', label: 'Tidemark JSON (tidemark.notification.v1)' },
          { value: 'slack', label: 'Slack ({ text, blocks })' },
        ]}
        value={fields.format}
        onChange={(format) => format && change({ format: format as WebhookFormat })}
        allowDeselect={false}
        data-testid="webhook-format"
      />
      <PasswordInput
        label="Bearer token (optional)"
        description={saved?.tokenSaved ? 'A token is saved. Leave empty to keep it.' : 'Sent as Authorization: Bearer …'}
        value={fields.token}
        onChange={(e) => change({ token: e.currentTarget.value, removeToken: false })}
        error={errors.token}
      />
      {saved?.tokenSaved && (
        <Checkbox label="Remove the saved token" checked={fields.removeToken} onChange={(e) => change({ removeToken: e.currentTarget.checked, token: '' })} />
      )}
    </>
  );
}

function EmailFields({ fields, errors, channel, change }: KindFieldsProps) {
  const savedPassword = channel?.kind === 'email' && channel.secrets === 'saved';
  return (
    <>
      <Group grow align="flex-start">
        <TextInput
          label="SMTP server"
          placeholder="smtp.example.org"
          value={fields.host}
          onChange={(e) => change({ host: e.currentTarget.value })}
          error={errors.host}
        />
        <NumberInput label="Port" value={fields.port} onChange={(port) => change({ port: String(port) })} min={1} max={65535} error={errors.port} maw={120} />
      </Group>
      <Select
        label="Security"
        data={smtpSecurityModes.map((mode) => ({ value: mode, label: securityLabels[mode] }))}
        value={fields.security}
        onChange={(security) => security && change({ security: security as SmtpSecurity })}
        allowDeselect={false}
      />
      <Group grow align="flex-start">
        <TextInput label="Login (optional)" value={fields.username} onChange={(e) => change({ username: e.currentTarget.value })} error={errors.username} />
        <PasswordInput
          label="Password"
          description={savedPassword ? 'Saved. Leave empty to keep it.' : undefined}
          value={fields.password}
          onChange={(e) => change({ password: e.currentTarget.value })}
          disabled={!fields.username.trim()}
          error={errors.password}
        />
      </Group>
      <TextInput
        label="From"
        placeholder="tidemark@example.org"
        value={fields.from}
        onChange={(e) => change({ from: e.currentTarget.value })}
        error={errors.from}
      />
      <TagsInput
        label="To"
        description="Press Enter after each address."
        placeholder="dba@example.org"
        value={fields.to}
        onChange={(to) => change({ to })}
        error={errors.to}
        splitChars={[',', ' ', ';']}
      />
    </>
  );
}
