import {
  channelDraftSchema,
  defaultEventTypes,
  type NotificationChannel,
  type NotificationChannelDraft,
  type NotificationChannelKind,
  type SmtpSecurity,
  type WebhookFormat,
} from '../../../shared/domain/notification';
import type { TidemarkEventType } from '../../../shared/domain/notification-event';

/** The channel form's fields, as typed; secrets empty mean "keep the saved one" when editing. */
export interface ChannelFormFields {
  kind: NotificationChannelKind;
  name: string;
  enabled: boolean;
  events: TidemarkEventType[];
  url: string;
  format: WebhookFormat;
  token: string;
  removeToken: boolean;
  host: string;
  port: string;
  security: SmtpSecurity;
  username: string;
  password: string;
  from: string;
  to: string[];
}

export type ChannelFormErrors = Partial<Record<keyof ChannelFormFields, string>>;

export function fieldsFor(channel: NotificationChannel | null, kind: NotificationChannelKind = 'webhook'): ChannelFormFields {
  return {
    kind: channel?.kind ?? kind,
    name: channel?.name ?? '',
    enabled: channel?.enabled ?? true,
    events: channel ? [...channel.events] : [...defaultEventTypes],
    url: '',
    format: channel?.kind === 'webhook' ? channel.format : 'generic',
    token: '',
    removeToken: false,
    host: channel?.kind === 'email' ? channel.host : '',
    port: channel?.kind === 'email' ? String(channel.port) : '587',
    security: channel?.kind === 'email' ? channel.security : 'starttls',
    username: channel?.kind === 'email' ? (channel.username ?? '') : '',
    password: '',
    from: channel?.kind === 'email' ? channel.from : '',
    to: channel?.kind === 'email' ? [...channel.to] : [],
  };
}

/** The draft the form sends, checked with the contract's own schema; or what to fix, by field. */
export function draftFromFields(
  fields: ChannelFormFields,
  existing: NotificationChannel | null,
): { draft: NotificationChannelDraft } | { errors: ChannelFormErrors } {
  const common = { ...(existing ? { id: existing.id } : {}), name: fields.name, enabled: fields.enabled, events: fields.events };
  let draft: NotificationChannelDraft;
  switch (fields.kind) {
    case 'desktop':
      draft = { kind: 'desktop', ...common };
      break;
    case 'webhook':
      if (!existing && !fields.url.trim()) return { errors: { url: 'Paste the address the receiver gave you.' } };
      draft = {
        kind: 'webhook',
        ...common,
        format: fields.format,
        ...(fields.url.trim() ? { url: fields.url.trim() } : {}),
        ...(fields.removeToken ? { token: null } : fields.token ? { token: fields.token } : {}),
      };
      break;
    case 'email':
      draft = {
        kind: 'email',
        ...common,
        host: fields.host,
        port: Number(fields.port),
        security: fields.security,
        username: fields.username.trim() || null,
        ...(fields.password ? { password: fields.password } : {}),
        from: fields.from,
        to: fields.to,
      };
      break;
  }
  const parsed = channelDraftSchema.safeParse(draft);
  if (parsed.success) return { draft };
  const errors: ChannelFormErrors = {};
  for (const issue of parsed.error.issues) {
    const field = String(issue.path[0] ?? 'name') as keyof ChannelFormFields;
    errors[field] ??= issue.message;
  }
  return { errors };
}
