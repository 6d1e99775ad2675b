import type { LogicalDumpOptions, LogicalFormat } from '../../shared/domain/backup';

const formatLetter: Record<LogicalFormat, string> = { custom: 'c', directory: 'd', tar: 't', plain: 'p' };

/** The dump's name inside a backup folder; fixed names, because database names can hold anything. */
export const dumpFileName: Record<LogicalFormat, string> = {
  custom: 'database.dump',
  directory: 'database.dir',
  tar: 'database.tar',
  plain: 'database.sql',
};

export const globalsFileName = 'globals.sql';

/**
 * pg_dump's arguments for one database. The same function builds what the job runs and what the
 * preview shows, so the copied command is the real one. `dbnameArg` is a conninfo without the
 * password (a temporary password file carries it: withToolEnvironment).
 */
export function pgDumpArgs(input: { dbnameArg: string; file: string; options: LogicalDumpOptions; snapshot?: string }): string[] {
  const { options } = input;
  const args = [`--dbname=${input.dbnameArg}`, `--format=${formatLetter[options.format]}`, `--file=${input.file}`, '--verbose'];
  if (options.jobs > 1) args.push(`--jobs=${options.jobs}`);
  if (options.compressionLevel !== null) args.push(`--compress=${options.compressionLevel}`);
  if (options.noOwner) args.push('--no-owner');
  if (options.noPrivileges) args.push('--no-privileges');
  if (options.content === 'schema-only') args.push('--schema-only');
  if (options.content === 'data-only') args.push('--data-only');
  for (const pattern of options.schemas) args.push(`--schema=${pattern}`);
  for (const pattern of options.excludeSchemas) args.push(`--exclude-schema=${pattern}`);
  for (const pattern of options.tables) args.push(`--table=${pattern}`);
  for (const pattern of options.excludeTables) args.push(`--exclude-table=${pattern}`);
  // Taken from Tidemark's own transaction, in which the row counts are made: they match the dump exactly.
  if (input.snapshot) args.push(`--snapshot=${input.snapshot}`);
  return args;
}

/**
 * pg_dumpall's arguments for roles and tablespaces. --no-role-passwords keeps password hashes
 * out of the repository, and lets a role without superuser run it (it then reads pg_roles, not
 * pg_authid); restored roles get new passwords from the DBA.
 */
export function pgDumpallGlobalsArgs(input: { dbnameArg: string; file: string }): string[] {
  return [`--dbname=${input.dbnameArg}`, '--globals-only', '--no-role-passwords', `--file=${input.file}`];
}

/** Whether pg_dump's options select part of the database (then the counts come from the dump's TOC). */
export function selectsPart(options: LogicalDumpOptions): boolean {
  return options.schemas.length + options.excludeSchemas.length + options.tables.length + options.excludeTables.length > 0;
}
