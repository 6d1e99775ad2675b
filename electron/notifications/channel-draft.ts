import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { TidemarkError } from '../../shared/domain/errors';
import { channelDraftSchema, type NotificationChannelDraft, type NotificationChannelSettings } from '../../shared/domain/notification';
import type { ChannelSecretChanges } from './channel-secrets';
import { redactUrl } from './redaction';

export type ParsedChannelDraft = z.output<typeof channelDraftSchema>;

/** What saving a draft changes: the channel's settings (for notifications.json) and its secrets (for the secret store). */
export interface ChannelChange {
  settings: NotificationChannelSettings;
  secrets: ChannelSecretChanges;
}

/** A draft checked against its schema (the contract does it for requests; the scheduler and tests call the service directly). */
export function parseChannelDraft(input: NotificationChannelDraft): ParsedChannelDraft {
  const parsed = channelDraftSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'channel'}: ${issue.message}`);
  throw new TidemarkError('invalid_input', `The notification channel is not valid: ${issues.join('; ')}.`);
}

export function newChannelId(): string {
  return randomBytes(4).toString('hex');
}

/**
 * A draft from the form or the CLI, checked against the channels there are: a new channel or an
 * edit of one (same kind), a name no other channel has, a webhook with an address.
 */
export function applyChannelDraft(draft: ParsedChannelDraft, channels: readonly NotificationChannelSettings[], nowIso: string): ChannelChange {
  const existing = draft.id ? channels.find((channel) => channel.id === draft.id) : undefined;
  if (draft.id && !existing) throw new TidemarkError('not_found', `No notification channel has the id ${draft.id}.`);
  if (existing && existing.kind !== draft.kind) {
    throw new TidemarkError('invalid_input', `The channel "${existing.name}" is a ${existing.kind} channel; it cannot become a ${draft.kind} channel.`, {
      hint: 'Add a new channel of that kind, and remove this one.',
    });
  }
  const clash = channels.find((channel) => channel.id !== existing?.id && channel.name.toLowerCase() === draft.name.toLowerCase());
  if (clash) throw new TidemarkError('conflict', `A notification channel is already named "${clash.name}".`, { hint: 'Pick another name.' });
  const record = { id: existing?.id ?? newChannelId(), createdAt: existing?.createdAt ?? nowIso, updatedAt: nowIso };
  switch (draft.kind) {
    case 'desktop': {
      const { id: _id, ...settings } = draft;
      return { settings: { ...settings, ...record }, secrets: {} };
    }
    case 'webhook': {
      const { id: _id, url, token, ...settings } = draft;
      const previousAddress = existing?.kind === 'webhook' ? existing.address : undefined;
      if (!url && !previousAddress)
        throw new TidemarkError('invalid_input', 'A webhook channel needs the address to send to.', { hint: 'Paste the URL the receiver gave you.' });
      return { settings: { ...settings, ...record, address: url ? redactUrl(url) : previousAddress! }, secrets: { url, token } };
    }
    case 'email': {
      const { id: _id, password, ...settings } = draft;
      // A login removed takes its password with it.
      return { settings: { ...settings, ...record }, secrets: { password: settings.username ? password : null } };
    }
  }
}
