import type { Command } from 'commander';
import type { ConnectionRef } from '../../../shared/contract/backups';
import { TidemarkError } from '../../../shared/domain/errors';
import type { TableRef } from '../../../shared/domain/restore';
import type { ConnectionSubject } from '../../profiles/connection';
import type { ProfileStore } from '../../profiles/profile-store';
import { subjectFromOptions, type ConnectionOptions } from '../connection-options';
import { printError, printResult, type OutputOptions } from '../output';

// What the CLI commands of logical backups (backup, backups, verify, restore, import) share.

/**
 * The command group `name` (backup, restore…), created once: several features add subcommands
 * to the same group (`backup logical` here, `backup physical` elsewhere).
 */
export function commandGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((command) => command.name() === name) ?? program.command(name).description(description);
}

/** Prints the result of `work` (JSON with --json), or its error with a non-zero exit code. */
export async function runCommand<T>(
  options: OutputOptions,
  work: () => Promise<T>,
  human: (value: T) => string,
  exitCode?: (value: T) => number,
): Promise<void> {
  try {
    const value = await work();
    printResult(options, value, human);
    const code = exitCode?.(value) ?? 0;
    if (code) process.exitCode = code;
  } catch (error) {
    printError(options, error);
  }
}

/** The contract's reference to the server a subject names. */
export function connectionRefOf(subject: ConnectionSubject): ConnectionRef {
  if ('profile' in subject) return { profileId: subject.profile.id };
  return { target: subject.target, ...(subject.password ? { password: subject.password } : {}) };
}

/** The server named by --profile / --conn, or undefined when neither is given (the backup's own then). */
export function optionalConnection(deps: { readonly profiles: ProfileStore }, options: ConnectionOptions): ConnectionRef | undefined {
  if (!options.profile && !options.conn) return undefined;
  return connectionRefOf(subjectFromOptions(deps, options));
}

/** Collects a repeatable option into an array. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

export function positiveInteger(name: string) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 0) throw new TidemarkError('invalid_input', `${name} takes a whole number, not "${value}".`);
    return number;
  };
}

/**
 * SCHEMA.TABLE as people type it: plain names, or double-quoted parts for names with dots or
 * quotes ("my.schema"."Table ""x"""); no schema means public. Names are exact (no case folding).
 */
export function parseTableRef(text: string): TableRef {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        current += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') {
      quoted = true;
      wasQuoted = true;
    } else if (ch === '.' && parts.length === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  if (quoted) throw new TidemarkError('invalid_input', `Unbalanced double quote in table "${text}".`);
  parts.push(current);
  const [schema, name] = parts.length === 2 ? parts : ['public', parts[0]!];
  if (!schema || !name)
    throw new TidemarkError('invalid_input', `"${text}" is not SCHEMA.TABLE.`, {
      hint: wasQuoted ? undefined : 'Quote names that contain dots: "my.schema"."my table".',
    });
  return { schema, name };
}
