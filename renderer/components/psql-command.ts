import type { ConnectionTarget } from '../../shared/domain/profile';

/**
 * POSIX shell quoting, only where needed: the command is shown to be copied, never run by us.
 * A word with single quotes in it (a libpq conninfo: host='h' port='5432') reads far better in
 * double quotes, which are safe when it holds none of the characters special inside them.
 */
export function shellQuote(word: string): string {
  if (/^[\w@%+=:,./-]+$/.test(word)) return word;
  if (word.includes("'") && !/["\\$`!]/.test(word)) return `"${word}"`;
  return `'${word.replaceAll("'", `'"'"'`)}'`;
}

/** An argument vector as one line a POSIX shell reads back to the same vector. */
export function shellCommandLine(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** The psql command that opens the same connection, for the user to copy. */
export function psqlCommandFor(target: ConnectionTarget): string {
  switch (target.kind) {
    case 'params': {
      const args = ['psql', '-h', target.host, '-p', String(target.port), '-U', target.user, '-d', target.database];
      const command = args.map(shellQuote).join(' ');
      return target.sslmode === 'prefer' ? command : `PGSSLMODE=${target.sslmode} ${command}`;
    }
    case 'uri':
      return `psql ${shellQuote(target.uri)}`;
    case 'service':
      return `psql ${shellQuote(`service=${target.service}${target.database ? ` dbname=${target.database}` : ''}`)}`;
  }
}
