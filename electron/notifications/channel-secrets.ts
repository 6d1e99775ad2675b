import { z } from 'zod';
import type { NamedSecrets } from '../profiles/secret-store';
import { parseJsonOrUndefined } from './json-file';

/** The secret store's name for a channel's secrets. */
export function channelSecretName(channelId: string): string {
  return `notification-channel:${channelId}`;
}

const channelSecretsSchema = z.object({ url: z.string().optional(), token: z.string().optional(), password: z.string().optional() });
/** What a channel keeps secret: a webhook's whole URL and bearer token, an SMTP login's password. */
export type ChannelSecretValues = z.infer<typeof channelSecretsSchema>;

/** A change to a channel's secrets: a value replaces, null removes, absent keeps (as a profile's password). */
export type ChannelSecretChanges = { [K in keyof ChannelSecretValues]?: string | null };

/** A channel's secrets, one entry in the secret store per channel (a JSON object of its fields). */
export class ChannelSecrets {
  constructor(private readonly secrets: NamedSecrets) {}

  async get(channelId: string): Promise<ChannelSecretValues> {
    const stored = await this.secrets.get(channelSecretName(channelId));
    const parsed = stored === undefined ? null : channelSecretsSchema.safeParse(parseJsonOrUndefined(stored));
    return parsed?.success ? parsed.data : {};
  }

  async update(channelId: string, changes: ChannelSecretChanges): Promise<ChannelSecretValues> {
    const current = await this.get(channelId);
    const next: ChannelSecretValues = { ...current };
    for (const field of Object.keys(changes) as (keyof ChannelSecretValues)[]) {
      const value = changes[field];
      if (value === null) delete next[field];
      else if (value !== undefined) next[field] = value;
    }
    if (Object.keys(next).length === 0) await this.secrets.delete(channelSecretName(channelId));
    else await this.secrets.set(channelSecretName(channelId), JSON.stringify(next));
    return next;
  }

  delete(channelId: string): Promise<void> {
    return this.secrets.delete(channelSecretName(channelId));
  }
}
