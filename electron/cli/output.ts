import { TidemarkError, toErrorPayload } from '../../shared/domain/errors';

export interface OutputOptions {
  json?: boolean;
}

/** One JSON document on stdout with --json; otherwise the human rendering. */
export function printResult<T>(options: OutputOptions, value: T, human: (value: T) => string): void {
  if (options.json) process.stdout.write(JSON.stringify(value, null, 2) + '\n');
  else process.stdout.write(human(value).replace(/\n?$/, '\n'));
}

/** The error on stderr (as JSON with --json) and a non-zero exit code. */
export function printError(options: OutputOptions, error: unknown): void {
  const payload = toErrorPayload(error);
  if (options.json) {
    process.stderr.write(JSON.stringify({ error: payload }, null, 2) + '\n');
  } else {
    process.stderr.write(`error: ${payload.message}\n`);
    if (payload.hint) process.stderr.write(`hint: ${payload.hint}\n`);
  }
  process.exitCode = error instanceof TidemarkError && error.code === 'invalid_input' ? 2 : 1;
}

/** Aligned columns for lists in the terminal. */
export function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
