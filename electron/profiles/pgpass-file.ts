import { readFile, stat } from 'node:fs/promises';
import { TidemarkError } from '../../shared/domain/errors';

/**
 * The libpq password file format (https://www.postgresql.org/docs/current/libpq-pgpass.html):
 * `hostname:port:database:username:password`, `*` matches anything in the first four fields,
 * `\:` and `\\` escape, lines starting with # are comments.
 */
export interface PgpassEntry {
  host: string;
  port: string;
  database: string;
  user: string;
  password: string;
}

/** Where a connection goes, as a password file matches it. */
export interface PgpassKey {
  host: string;
  port: string | number;
  database: string;
  user: string;
}

/** Parses one line; null for comments, blank lines and lines without all five fields. */
export function parsePgpassLine(line: string): PgpassEntry | null {
  if (line.trim() === '' || line.startsWith('#')) return null;
  const fields: string[] = [];
  let current = '';
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\' && i + 1 < line.length) {
      current += line[++i];
    } else if (ch === ':' && fields.length < 4) {
      fields.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  if (fields.length < 4) return null;
  const [host, port, database, user] = fields as [string, string, string, string];
  return { host, port, database, user, password: current.replace(/\r$/, '') };
}

export function parsePgpass(text: string): PgpassEntry[] {
  return text
    .split('\n')
    .map(parsePgpassLine)
    .filter((entry): entry is PgpassEntry => entry !== null);
}

export function escapePgpassField(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/:/g, '\\:');
}

export function formatPgpassEntry(entry: PgpassEntry): string {
  if (/[\r\n]/.test(entry.password)) {
    throw new TidemarkError('invalid_input', 'A password cannot contain a line break: it is kept in a pgpass-format file, one entry a line.');
  }
  return [entry.host, entry.port, entry.database, entry.user, entry.password].map(escapePgpassField).join(':');
}

/** The first entry matching the key, as libpq picks it (file order, `*` as a wildcard). */
export function matchPgpass(entries: readonly PgpassEntry[], key: PgpassKey): PgpassEntry | undefined {
  const want = [key.host, String(key.port), key.database, key.user];
  return entries.find((entry) => [entry.host, entry.port, entry.database, entry.user].every((field, i) => field === '*' || field === want[i]));
}

/**
 * The password for `key` from a pgpass file, or undefined when the file is absent, unreadable,
 * or (on Unix) readable by group or others: libpq ignores such a file, and so do we.
 */
export async function passwordFromPgpassFile(path: string, key: PgpassKey): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return undefined;
    if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) return undefined;
    return matchPgpass(parsePgpass(await readFile(path, 'utf8')), key)?.password;
  } catch {
    return undefined;
  }
}
