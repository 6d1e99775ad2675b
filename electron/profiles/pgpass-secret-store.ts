import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ConnectionProfile, ConnectionTarget } from '../../shared/domain/profile';
import { targetKeywords, withServiceSettings } from './connection-endpoint';
import { formatPgpassEntry, matchPgpass, parsePgpassLine, type PgpassEntry } from './pgpass-file';
import type { SecretStore } from './secret-store';

// Each saved password is one libpq-format line, preceded by a comment naming its profile, so a
// profile finds its own line even when two profiles share host, port, database and user, and
// psql can use the file as it is (PGPASSFILE=<home>/pgpass): libpq skips the comments.
const tagPrefix = '# tidemark-profile ';

/**
 * Saved passwords for plain-Node hosts (the CLI, browser mode): `<home>/pgpass`, mode 0600, in
 * libpq's password file format (https://www.postgresql.org/docs/current/libpq-pgpass.html).
 * Like ~/.pgpass it relies on file permissions, not encryption; the Electron app uses the OS
 * keychain instead.
 */
export class PgpassSecretStore implements SecretStore {
  readonly kind = 'pgpass-file' as const;
  readonly file: string;
  // Writes are read-modify-write of one file: one at a time within the process.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly homeDir: string) {
    this.file = join(homeDir, 'pgpass');
  }

  async get(profile: ConnectionProfile): Promise<string | undefined> {
    const lines = await this.readLines();
    const own = taggedIndex(lines, profile.id);
    if (own >= 0) return parsePgpassLine(lines[own + 1] ?? '')?.password;
    // A line the user wrote by hand (untagged) serves every profile it matches, as in libpq.
    const untagged = lines
      .filter((line, i) => !lines[i - 1]?.startsWith(tagPrefix))
      .map(parsePgpassLine)
      .filter((e): e is PgpassEntry => e !== null);
    const key = await pgpassKeyOf(profile.target);
    return key.host !== '*' && key.user !== '*' ? matchPgpass(untagged, key)?.password : undefined;
  }

  set(profile: ConnectionProfile, password: string): Promise<void> {
    return this.update(async (lines) => {
      const key = await pgpassKeyOf(profile.target);
      return [...withoutProfile(lines, profile.id), `${tagPrefix}${profile.id}`, formatPgpassEntry({ ...key, password })];
    });
  }

  delete(profile: ConnectionProfile): Promise<void> {
    return this.update(async (lines) => withoutProfile(lines, profile.id));
  }

  private async readLines(): Promise<string[]> {
    const text = await readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    return text.split('\n').filter((line, i, all) => line !== '' || i < all.length - 1);
  }

  private update(change: (lines: string[]) => Promise<string[]>): Promise<void> {
    const run = this.queue.then(async () => {
      const lines = await change(await this.readLines());
      await mkdir(this.homeDir, { recursive: true });
      // Through a temporary file, created 0600, so the password is never readable by others and
      // a crash never leaves half a file.
      const pending = `${this.file}.tmp-${process.pid}`;
      await writeFile(pending, lines.length ? lines.join('\n') + '\n' : '', { mode: 0o600 });
      await chmod(pending, 0o600);
      await rename(pending, this.file);
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

function taggedIndex(lines: readonly string[], profileId: string): number {
  return lines.findIndex((line) => line === `${tagPrefix}${profileId}`);
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
