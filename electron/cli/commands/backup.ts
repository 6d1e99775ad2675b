import type { Command } from 'commander';
import {
  exactPattern,
  type DumpContent,
  type LogicalBackupPreview,
  type LogicalBackupResult,
  type LogicalFormat,
  logicalFormats,
} from '../../../shared/domain/backup';
import { TidemarkError } from '../../../shared/domain/errors';
import { call } from '../../api/local-api';
import { cliContext } from '../cli-context';
import { addConnectionOptions, subjectFromOptions, type ConnectionOptions } from '../connection-options';
import type { OutputOptions } from '../output';
import { followJob } from '../run-job';
import { collect, commandGroup, connectionRefOf, positiveInteger, runCommand } from './backup-cli-common';
import { formatBytes } from '../../../shared/format/bytes';
import { formatDurationMsWithTenths } from '../../../shared/format/duration';

interface BackupOptions extends ConnectionOptions, OutputOptions {
  db?: string[];
  all?: boolean;
  format: string;
  jobs?: number;
  compress?: number;
  table?: string[];
  excludeTable?: string[];
  schema?: string[];
  excludeSchema?: string[];
  exact?: boolean;
  schemaOnly?: boolean;
  dataOnly?: boolean;
  owner?: boolean;
  privileges?: boolean;
  globals: boolean;
  testRestore?: boolean;
  preview?: boolean;
}

export function registerBackupCommand(program: Command): void {
  const backup = commandGroup(program, 'backup', 'take a backup');
  addConnectionOptions(
    backup
      .command('logical')
      .description('back up databases with pg_dump into the repository (one backup per database, with globals.sql beside it)')
      .option('--db <name>', "a database to back up (repeat for several; default: the connection's database)", collect)
      .option('--all', 'every database that accepts connections (listed when the job runs)')
      .option('--format <format>', `${logicalFormats.join(' | ')}`, 'custom')
      .option('--jobs <n>', 'parallel pg_dump workers (directory format only)', positiveInteger('--jobs'))
      .option('--compress <level>', "compression level 0-9 (default: pg_dump's)", positiveInteger('--compress'))
      .option('--table <pattern>', 'only tables matching this pg_dump pattern (repeatable)', collect)
      .option('--exclude-table <pattern>', 'leave out tables matching this pattern (repeatable)', collect)
      .option('--schema <pattern>', 'only schemas matching this pattern (repeatable)', collect)
      .option('--exclude-schema <pattern>', 'leave out schemas matching this pattern (repeatable)', collect)
      .option('--exact', 'take --table/--schema values as exact names (SCHEMA.TABLE), not patterns')
      .option('--schema-only', 'definitions only')
      .option('--data-only', 'rows only')
      .option('--owner', 'keep ownership commands (default: --no-owner, as the runbooks do)')
      .option('--privileges', 'keep GRANT/REVOKE (default: --no-privileges)')
      .option('--no-globals', 'do not save roles and tablespaces (pg_dumpall --globals-only)')
      .option('--test-restore', 'after each backup, restore it into a scratch database and compare the row counts')
      .option('--preview', 'print the pg_dump commands (without the password) and exit')
      .option('--json', 'print one JSON document (progress goes to stderr)'),
  ).action((options: BackupOptions) =>
    runCommand(
      options,
      async () => {
        const context = cliContext();
        const { services, api } = context;
        const subject = subjectFromOptions(services, options);
        if (options.all && options.db?.length) throw new TidemarkError('invalid_input', 'Give --db or --all, not both.');
        if (options.schemaOnly && options.dataOnly) throw new TidemarkError('invalid_input', 'Give --schema-only or --data-only, not both.');
        if (!(logicalFormats as readonly string[]).includes(options.format)) {
          throw new TidemarkError('invalid_input', `--format ${options.format} is not one of ${logicalFormats.join(', ')}.`);
        }
        const databases = options.all ? ('all' as const) : options.db?.length ? options.db : [(await services.connections.resolve(subject)).database!];
        const exact = (value: string) => (options.exact ? exactPattern(...splitQualified(value)) : value);
        const request = {
          connection: connectionRefOf(subject),
          databases,
          repositoryDir: options.repo,
          testRestoreAfter: Boolean(options.testRestore),
          options: {
            format: options.format as LogicalFormat,
            jobs: options.jobs ?? 1,
            compressionLevel: options.compress ?? null,
            noOwner: !options.owner,
            noPrivileges: !options.privileges,
            tables: (options.table ?? []).map(exact),
            excludeTables: (options.excludeTable ?? []).map(exact),
            schemas: (options.schema ?? []).map((s) => (options.exact ? exactPattern(s) : s)),
            excludeSchemas: (options.excludeSchema ?? []).map((s) => (options.exact ? exactPattern(s) : s)),
            content: (options.schemaOnly ? 'schema-only' : options.dataOnly ? 'data-only' : 'all') as DumpContent,
            includeGlobals: options.globals,
          },
        };
        if (options.preview) return call(api, 'backups.preview', request);
        const { jobId } = await call(api, 'backups.startLogical', request);
        return followJob(context, 'backup.logical', jobId);
      },
      (value) => ('dumps' in value ? describePreview(value) : describeResult(value)),
      (value) => ('verification' in value && value.verification.some((v) => !v.ok) ? 1 : 0),
    ),
  );
}

/** schema.table (first dot) for --exact; a name without a dot is a schema or a table on its own. */
function splitQualified(value: string): string[] {
  const dot = value.indexOf('.');
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

function describeResult(result: LogicalBackupResult): string {
  const lines = result.backups.map((b) => `Backup ${b.id}: ${b.database}, ${formatBytes(b.totalBytes)} in ${formatDurationMsWithTenths(b.durationMs)}.`);
  for (const v of result.verification) lines.push(`Test restore: ${v.ok ? 'passed' : 'FAILED'} (${v.checks.map((c) => c.summary).join('; ')}).`);
  return lines.join('\n');
}

function describePreview(preview: LogicalBackupPreview): string {
  return [
    ...preview.dumps.map((d) => `# ${d.database}\n${d.commandLine}`),
    ...(preview.globals ? [`# roles and tablespaces\n${preview.globals.commandLine}`] : []),
    ...preview.environment.map((e) => `# environment: ${e}`),
    ...preview.notes.map((n) => `# ${n}`),
  ].join('\n');
}
