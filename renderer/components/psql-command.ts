import type { ConnectionTarget } from '../../shared/domain/profile';

/** POSIX shell quoting, only where needed: the command is shown to be copied, never run by us. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`;
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
