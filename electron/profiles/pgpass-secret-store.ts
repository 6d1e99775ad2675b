import { join } from 'node:path';
import { TidemarkError } from '../../shared/domain/errors';
import type { ConnectionProfile, ConnectionTarget } from '../../shared/domain/profile';
import { targetKeywords, withServiceSettings } from './connection-endpoint';
import { formatPgpassEntry, matchPgpass, parsePgpassLine, type PgpassEntry } from './pgpass-file';
import { parseSecretMap, readPrivateFile, writePrivateFile } from './private-file';
import { checkedSecretName, type SecretKey, type SecretStorageInfo, type SecretStore } from './secret-store';

// Each saved password is one libpq-format line, preceded by a comment naming its profile, so a
// profile finds its own line even when two profiles share host, port, database and user, and
// psql can use the file as it is (PGPASSFILE=<home>/pgpass): libpq skips the comments.
const tagPrefix = '# tidemark-profile ';

/** `<home>/named-secrets.json`: the named secrets (notification channels'), which no pgpass line can hold. */
interface NamedSecretsFileContent {
  format: 1;
  secrets: Record<string, string>;
}

/**
 * Saved passwords where no OS keychain is available (a headless server): `<home>/pgpass`, mode
 * 0600, in libpq's password file format (https://www.postgresql.org/docs/current/libpq-pgpass.html),
 * and the named secrets in `<home>/named-secrets.json`, also 0600. Like ~/.pgpass they rely on
 * file permissions, not encryption.
 */
export class PgpassSecretStore implements SecretStore {
  readonly file: string;
  readonly namedFile: string;
  // Writes are read-modify-write of one file: one at a time within the process.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly homeDir: string,
    /** Why this store stands in for the OS keychain (shown to the user); null when asked for by name. */
    private readonly fallbackReason: string | null = null,
  ) {
    this.file = join(homeDir, 'pgpass');
    this.namedFile = join(homeDir, 'named-secrets.json');
  }

  async storage(): Promise<SecretStorageInfo> {
    return { kind: 'pgpass-file', location: this.file, fallbackReason: this.fallbackReason };
  }

  async get(key: SecretKey): Promise<string | undefined> {
    if (typeof key === 'string') {
      const { secrets } = await this.readNamed();
      return Object.hasOwn(secrets, checkedSecretName(key)) ? secrets[key] : undefined;
    }
    const lines = await this.readLines();
    const own = taggedPassword(lines, key.id);
    if (own !== undefined) return own;
    // A line the user wrote by hand (untagged) serves every profile it matches, as in libpq.
    const untagged = lines
      .filter((line, i) => !lines[i - 1]?.startsWith(tagPrefix))
      .map(parsePgpassLine)
      .filter((e): e is PgpassEntry => e !== null);
    const pgpassKey = await pgpassKeyOf(key.target);
    return pgpassKey.host !== '*' && pgpassKey.user !== '*' ? matchPgpass(untagged, pgpassKey)?.password : undefined;
  }

  /** The password saved for this profile itself (its tagged line), never a hand-written line's. */
  async savedPassword(profile: ConnectionProfile): Promise<string | undefined> {
    return taggedPassword(await this.readLines(), profile.id);
  }

  async set(key: SecretKey, value: string): Promise<void> {
    if (typeof key === 'string') {
      const name = checkedSecretName(key);
      return this.updateNamed((secrets) => ({ ...secrets, [name]: value }));
    }
    return this.updateLines(async (lines) => {
      const pgpassKey = await pgpassKeyOf(key.target);
      return [...withoutProfile(lines, key.id), `${tagPrefix}${key.id}`, formatPgpassEntry({ ...pgpassKey, password: value })];
    });
  }

  async delete(key: SecretKey): Promise<void> {
    if (typeof key === 'string') {
      const name = checkedSecretName(key);
      return this.updateNamed(({ [name]: _removed, ...rest }) => rest);
    }
    return this.updateLines(async (lines) => withoutProfile(lines, key.id));
  }

  private async readLines(): Promise<string[]> {
    const text = await readPrivateFile(this.file);
    return text.split('\n').filter((line, i, all) => line !== '' || i < all.length - 1);
  }

  private async readNamed(): Promise<NamedSecretsFileContent> {
    const text = await readPrivateFile(this.namedFile);
    if (text === '') return { format: 1, secrets: {} };
    const secrets = parseSecretMap(text, 'secrets');
    if (!secrets) {
      // Never overwrite a file we cannot read: it may hold every channel's secret.
      throw new TidemarkError('internal', `${this.namedFile} is not a Tidemark secrets file.`, {
        hint: 'Move it aside (Tidemark will start a new one, and the channels will ask for their secrets again) or restore it from a backup.',
      });
    }
    return { format: 1, secrets };
  }

  private updateLines(change: (lines: string[]) => Promise<string[]>): Promise<void> {
    return this.serially(async () => {
      const lines = await change(await this.readLines());
      await writePrivateFile(this.file, lines.length ? lines.join('\n') + '\n' : '');
    });
  }

  private updateNamed(change: (secrets: Record<string, string>) => Record<string, string>): Promise<void> {
    return this.serially(async () => {
      const { secrets } = await this.readNamed();
      const content: NamedSecretsFileContent = { format: 1, secrets: change(secrets) };
      await writePrivateFile(this.namedFile, `${JSON.stringify(content, null, 2)}\n`);
    });
  }

  private serially(write: () => Promise<void>): Promise<void> {
    const run = this.queue.then(write);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function taggedIndex(lines: readonly string[], profileId: string): number {
  return lines.findIndex((line) => line === `${tagPrefix}${profileId}`);
}

function taggedPassword(lines: readonly string[], profileId: string): string | undefined {
  const at = taggedIndex(lines, profileId);
  return at >= 0 ? parsePgpassLine(lines[at + 1] ?? '')?.password : undefined;
}

function withoutProfile(lines: readonly string[], profileId: string): string[] {
  const at = taggedIndex(lines, profileId);
  return at < 0 ? [...lines] : [...lines.slice(0, at), ...lines.slice(at + 2)];
}

/**
 * The host:port:database:user a target connects with, as far as it says: what a URI or service
 * leaves out (or a service file that cannot be read) becomes *, which libpq reads as "any".
 */
async function pgpassKeyOf(target: ConnectionTarget): Promise<Omit<PgpassEntry, 'password'>> {
  const given = targetKeywords(target);
  const keywords = await withServiceSettings(given).catch(() => given);
  const host = keywords.host ? (keywords.host.startsWith('/') ? 'localhost' : keywords.host) : '*';
  return { host, port: keywords.port ?? (keywords.host ? '5432' : '*'), database: keywords.dbname ?? '*', user: keywords.user ?? '*' };
}
