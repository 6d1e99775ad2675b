import type { Command } from 'commander';
import type { DumpContent } from '../../../shared/domain/backup';
import { TidemarkError } from '../../../shared/domain/errors';
import type { RestorePreview, RestoreResult, RestoreTarget } from '../../../shared/domain/restore';
import { call } from '../../api/local-api';
import { cliContext } from '../cli-context';
import { addConnectionOptions, type ConnectionOptions } from '../connection-options';
import { table, type OutputOptions } from '../output';
import { followJob } from '../run-job';
import { collect, commandGroup, optionalConnection, parseTableRef, positiveInteger, runCommand } from './backup-cli-common';
import { formatDurationMsWithTenths } from '../../../shared/format/duration';

interface RestoreOptions extends ConnectionOptions, OutputOptions {
  targetDb: string;
  clean?: boolean;
  existing?: boolean;
  confirm?: string;
  table?: string[];
  jobs?: number;
  schemaOnly?: boolean;
  dataOnly?: boolean;
  singleTransaction?: boolean;
  owner?: boolean;
  privileges?: boolean;
  globals?: boolean;
  preview?: boolean;
}

export function registerRestoreCommand(program: Command): void {
  const restore = commandGroup(program, 'restore', 'restore a backup');
  addConnectionOptions(
    restore
      .command('logical')
      .description('restore a logical backup into a NEW database (default), or over an existing one with --clean --confirm NAME')
      .argument('<id>', 'the backup id')
      .requiredOption('--target-db <name>', 'the database to restore into')
      .option('--clean', 'restore over the existing database: drop each object before recreating it (--clean --if-exists); needs --confirm')
      .option('--existing', 'restore into the existing database without dropping anything first; needs --confirm')
      .option('--confirm <name>', "the target database's name again, to confirm writing into it")
      .option('--table <schema.table>', 'only this table, with its indexes, constraints and sequences (repeatable; "quoted" parts keep dots)', collect)
      .option('--jobs <n>', 'parallel pg_restore workers (custom and directory formats)', positiveInteger('--jobs'))
      .option('--schema-only', 'definitions only')
      .option('--data-only', 'rows only')
      .option('--single-transaction', 'all or nothing')
      .option('--owner', 'restore ownership (default: --no-owner, objects belong to the connecting role)')
      .option('--privileges', 'restore GRANT/REVOKE (default: --no-privileges)')
      .option('--globals', "run the backup's globals.sql first (roles and tablespaces, for a new server)")
      .option('--preview', 'print the steps and commands (without the password) and exit')
      .option('--json', 'print one JSON document, with the per-table row counts (progress goes to stderr)'),
  ).action((id: string, options: RestoreOptions) =>
    runCommand(
      options,
      async () => {
        const context = cliContext();
        if (options.schemaOnly && options.dataOnly) throw new TidemarkError('invalid_input', 'Give --schema-only or --data-only, not both.');
        if (options.confirm !== undefined && !options.clean && !options.existing) {
          throw new TidemarkError('invalid_input', '--confirm goes with --clean or --existing: without them the restore creates a new database.');
        }
        const target: RestoreTarget =
          options.clean || options.existing
            ? { kind: 'existing', database: options.targetDb, clean: Boolean(options.clean), confirm: options.confirm ?? '' }
            : { kind: 'new', database: options.targetDb };
        const connection = optionalConnection(context.services, options);
        const request = {
          backupId: id,
          repositoryDir: options.repo,
          ...(connection ? { connection } : {}),
          target,
          options: {
            tables: (options.table ?? []).map(parseTableRef),
            jobs: options.jobs ?? 1,
            noOwner: !options.owner,
            noPrivileges: !options.privileges,
            content: (options.schemaOnly ? 'schema-only' : options.dataOnly ? 'data-only' : 'all') as DumpContent,
            singleTransaction: Boolean(options.singleTransaction),
            includeGlobals: Boolean(options.globals),
          },
        };
        if (options.preview) return call(context.api, 'restore.preview', request);
        const { jobId } = await call(context.api, 'restore.startLogical', request);
        return followJob(context, 'restore.logical', jobId);
      },
      (value) => ('steps' in value ? describePreview(value) : describeResult(value)),
      (value) => ('tables' in value && (value.mismatchedTables > 0 || value.outcome !== 'clean') ? 1 : 0),
    ),
  );
}

function describeResult(result: RestoreResult): string {
  const lines = [
    `Restored backup ${result.backupId} into ${result.created ? 'the new' : 'the existing'} database ${result.database} in ${formatDurationMsWithTenths(result.durationMs)}${result.outcome === 'clean' ? '.' : `, with warnings: errors ignored on restore: ${result.ignoredErrors}.`}`,
  ];
  if (result.tables.length) {
    lines.push(
      '',
      table([
        ['TABLE', 'ROWS', 'IN BACKUP', ''],
        ...result.tables.map((t) => [
          `${t.schema}.${t.name}`,
          t.actualRows === null ? 'missing' : String(t.actualRows),
          t.expectedRows === null ? '-' : String(t.expectedRows),
          t.matches ? 'ok' : 'DIFFERS',
        ]),
      ]),
    );
  }
  if (result.messages.length) {
    lines.push('', 'Messages');
    for (const m of result.messages) {
      lines.push(`  ${m.level.toUpperCase()}: ${m.text}`);
      if (m.detail)
        lines.push(
          ...m.detail
            .split('\n')
            .slice(0, 6)
            .map((d) => `      ${d}`),
        );
    }
  }
  return lines.join('\n');
}

function describePreview(preview: RestorePreview): string {
  return [
    ...preview.steps.map((s, i) => `# ${i + 1}. ${s.title}\n${s.text}`),
    ...preview.environment.map((e) => `# environment: ${e}`),
    ...preview.warnings.map((w) => `# note: ${w}`),
  ].join('\n');
}
