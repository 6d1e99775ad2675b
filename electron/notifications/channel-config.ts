import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { TidemarkError } from '../../shared/domain/errors';
import { desktopSettingsSchema, emailSettingsSchema, webhookSettingsSchema, type NotificationChannelSettings } from '../../shared/domain/notification';
import { writeJsonAtomic } from '../repository/atomic-file';
import { parseJsonOrUndefined, readOptionalText } from './json-file';
import { serialized } from './serialized';

const record = { id: z.string().min(1), createdAt: z.string(), updatedAt: z.string() };
const storedChannelSchema = z.discriminatedUnion('kind', [
  desktopSettingsSchema.extend(record),
  webhookSettingsSchema.extend({ ...record, address: z.string() }),
  emailSettingsSchema.extend(record),
]);
const configFileSchema = z.object({ version: z.literal(1), channels: z.array(storedChannelSchema) });

/**
 * `<repo>/notifications.json`: the channels and their filters. Secrets are never in it (they
 * are in the secret store by channel id), so the file can be read by anyone who can read the
 * backups, and copied with the repository.
 */
export class ChannelConfig {
  constructor(private readonly file: string) {}

  async list(): Promise<NotificationChannelSettings[]> {
    const text = await readOptionalText(this.file);
    if (text === null) return [];
    const parsed = configFileSchema.safeParse(parseJsonOrUndefined(text));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new TidemarkError(
        'invalid_input',
        `${this.file} is not a notification configuration Tidemark can read (${issue?.path.join('.') || 'file'}: ${issue?.message}).`,
        {
          hint: 'It may come from a newer Tidemark or have been edited by hand: fix it, or remove it to start again without channels.',
        },
      );
    }
    const channels: NotificationChannelSettings[] = parsed.data.channels;
    return channels;
  }

  /** Reads, changes and writes the channels atomically (one change at a time in this process). */
  update<T>(change: (channels: NotificationChannelSettings[]) => { channels: NotificationChannelSettings[]; result: T }): Promise<T> {
    return serialized(this.file, async () => {
      const { channels, result } = change(await this.list());
      await mkdir(dirname(this.file), { recursive: true });
      await writeJsonAtomic(this.file, { version: 1, channels });
      return result;
    });
  }
}
