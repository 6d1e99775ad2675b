/**
 * An argument vector as one line a POSIX shell reads back to the same vector, for the "copy
 * command" buttons. Tidemark itself runs its tools without a shell.
 */
export function shellCommandLine(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/**
 * One word for a POSIX shell: bare when it holds only safe characters, else in single quotes. Also
 * for archive_command and restore_command, which PostgreSQL runs through /bin/sh
 * (https://www.postgresql.org/docs/current/continuous-archiving.html).
 */
export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}
