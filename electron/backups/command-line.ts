/**
 * An argument vector as one line a POSIX shell reads back to the same vector, for the "copy
 * command" buttons. Tidemark itself never runs a shell; this is only for people.
 */
export function shellCommandLine(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

export function shellQuote(arg: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}
