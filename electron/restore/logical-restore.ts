import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogicalManifest, TableRowCheck } from '../../shared/domain/backup';
import { TidemarkError } from '../../shared/domain/errors';
import type { RestoreMessage, RestoreOptions, RestorePreview, RestoreResult, RestoreStep, RestoreTarget } from '../../shared/domain/restore';
import type { JobContext } from '../jobs/job-registry';
import { pickTool } from '../pgtools/discovery';
import type { ToolService } from '../pgtools/tool-service';
import { runTool } from '../pgtools/run-tool';
import type { ResolvedConnection } from '../profiles/connection';
import { withClient } from '../profiles/open-client';
import { toolEnvironmentShown, withToolEnvironment } from '../profiles/tool-password-file';
import { describeBrokenFile, findFirstBrokenFile } from '../repository/checksums';
import type { RepositoryLayout } from '../repository/layout';
import { shellCommandLine } from '../pgtools/shell-quote';
import { countRows, databaseExists, readServerIdentity } from '../backups/database-catalog';
import { readToc, tableKey } from '../backups/toc';
import { type ServerIdentity } from '../backups/database-catalog';
import { toolLineLevel } from '../backups/tool-log';
import { parseToolMessages } from './restore-messages';
import { selectTables } from './table-selection';
import { RestoreSession } from './restore-session';
import { createDatabaseSql, maintenanceConnection } from './target-database';
import type { ServerAccess } from '../profiles/server-access';

/** A restore runs PostgreSQL's tools; the plan brings the server and the backup. */
export interface LogicalRestoreDeps {
  readonly tools: ToolService;
}

export interface RestorePlan {
  layout: RepositoryLayout;
  manifest: LogicalManifest;
  access: ServerAccess;
  target: RestoreTarget;
  options: RestoreOptions;
  /** The checksums were just verified by the caller (a verification's test restore). */
  checksumsVerified?: boolean;
}

/**
 * Refuses what cannot work, before anything runs: a backup that is not complete, options the
 * format cannot do, a restore over an existing database without its name typed as confirmation.
 */
export function checkRestorePlan(plan: RestorePlan): void {
  const { manifest, target, options } = plan;
  const { format } = manifest.logical;
  if (manifest.status !== 'complete') {
    throw new TidemarkError('invalid_input', `Backup ${manifest.id} is ${manifest.status}: it has no data to restore.`);
  }
  if (target.kind === 'existing' && target.confirm !== target.database) {
    throw new TidemarkError('confirmation_required', `Restoring into the existing database ${target.database} overwrites it: type its name to confirm.`, {
      hint: `Pass --confirm ${JSON.stringify(target.database)}, or restore into a new database instead.`,
      details: { database: target.database },
    });
  }
  if (format === 'plain') {
    if (options.tables.length)
      throw new TidemarkError('invalid_input', 'A plain SQL backup cannot restore single tables.', {
        hint: 'Back up in the custom or directory format to pick tables at restore time.',
      });
    if (options.content !== 'all')
      throw new TidemarkError('invalid_input', 'A plain SQL backup restores as it was dumped: schema-only or data-only must be chosen when backing up.');
    if (options.jobs > 1) throw new TidemarkError('invalid_input', 'A plain SQL backup is restored by psql, which has no parallel jobs.');
    if (target.kind === 'existing' && target.clean) {
      throw new TidemarkError('invalid_input', 'A plain SQL backup holds no DROP statements, so it cannot clean an existing database.', {
        hint: 'Restore into a new database, or into an existing one without --clean.',
      });
    }
  }
  if (format === 'tar' && options.jobs > 1)
    throw new TidemarkError('invalid_input', 'pg_restore cannot run parallel jobs from a tar archive.', {
      hint: 'Use one job, or back up in the custom or directory format.',
    });
}

interface RestoreCommand {
  tool: string;
  argv: string[];
  /** The use-list to write first, for a partial restore. */
  useList: { lines: string[]; notes: string[] } | null;
}

async function restoreCommand(
  deps: LogicalRestoreDeps,
  plan: RestorePlan,
  target: ResolvedConnection,
  serverMajor: number,
  useListPath: string,
): Promise<RestoreCommand> {
  const { manifest, options } = plan;
  const dumpFile = join(plan.layout.backupDir(manifest.id), manifest.logical.dumpPath);
  const inventory = await deps.tools.inventory();
  if (manifest.logical.format === 'plain') {
    const psql = pickTool(inventory, 'psql', null).path;
    const argv = [psql, `--dbname=${target.dbnameArg}`, '--no-psqlrc', '--quiet', '--set=ON_ERROR_STOP=1'];
    if (options.singleTransaction) argv.push('--single-transaction');
    argv.push(`--file=${dumpFile}`);
    return { tool: 'psql', argv, useList: null };
  }
  const pgRestore = pickTool(inventory, 'pg_restore', serverMajor).path;
  const argv = [pgRestore, `--dbname=${target.dbnameArg}`, '--verbose'];
  if (options.noOwner) argv.push('--no-owner');
  if (options.noPrivileges) argv.push('--no-privileges');
  if (options.jobs > 1) argv.push(`--jobs=${options.jobs}`);
  if (plan.target.kind === 'existing' && plan.target.clean) argv.push('--clean', '--if-exists');
  if (options.content === 'schema-only') argv.push('--schema-only');
  if (options.content === 'data-only') argv.push('--data-only');
  if (options.singleTransaction) argv.push('--single-transaction');
  let useList = null;
  if (options.tables.length) {
    const toc = await readToc(pgRestore, dumpFile, manifest.logical.tocHints);
    useList = selectTables(toc, options.tables, manifest.logical.tables, { createSchemas: plan.target.kind === 'new' });
    argv.push(`--use-list=${useListPath}`);
  }
  argv.push(dumpFile);
  return { tool: 'pg_restore', argv, useList };
}

/** The restore's steps as they will run, for the review screen (no password anywhere). */
export async function previewLogicalRestore(deps: LogicalRestoreDeps, plan: RestorePlan): Promise<RestorePreview> {
  checkRestorePlan(plan);
  const { manifest, target } = plan;
  const maintenance = await maintenanceConnection(plan.access, target.database);
  const server = await withClient(maintenance, readServerIdentity);
  const targetConnection = await plan.access.connect(target.database);
  const command = await restoreCommand(deps, plan, targetConnection, server.majorVersion, 'tidemark-selection.list');
  const steps: RestoreStep[] = [
    {
      title: `Check the SHA-256 of the backup's ${manifest.files.length} files`,
      argv: null,
      text: 'sha256sum -c (done by Tidemark before anything is touched)',
    },
  ];
  const warnings: string[] = [];
  if (plan.options.includeGlobals && manifest.logical.globalsPath) {
    const psql = pickTool(await deps.tools.inventory(), 'psql', null).path;
    const argv = [psql, `--dbname=${maintenance.dbnameArg}`, '--no-psqlrc', `--file=${join(plan.layout.backupDir(manifest.id), manifest.logical.globalsPath)}`];
    steps.push({ title: 'Create roles and tablespaces (globals.sql)', argv, text: shellCommandLine(argv) });
    warnings.push('Roles that already exist on this server are reported as errors and left as they are.');
  }
  if (target.kind === 'new') {
    const sql = createDatabaseSql(target.database, manifest.logical.databaseFacts, { owner: manifest.logical.databaseFacts?.owner ?? null, withLocale: true });
    steps.push({ title: `Create the database ${target.database}`, argv: null, text: sql + ';' });
  } else {
    warnings.push(
      target.clean
        ? `Objects in ${target.database} that the backup holds are dropped and recreated (--clean --if-exists).`
        : `The backup's objects are added to ${target.database}; existing ones cause errors.`,
    );
  }
  steps.push({
    title: command.tool === 'psql' ? 'Run the SQL dump with psql (stops at the first error)' : 'Restore with pg_restore',
    argv: command.argv,
    text: shellCommandLine(command.argv),
  });
  if (command.useList) {
    warnings.push(...command.useList.notes);
    steps.push({ title: `The selection file (--use-list): ${command.useList.lines.length} entries`, argv: null, text: command.useList.lines.join('\n') });
  }
  steps.push({ title: 'Count the rows of every restored table and compare them with the backup', argv: null, text: 'select count(*) from each table' });
  return { steps, environment: toolEnvironmentShown(targetConnection.toolCredentials), warnings };
}

/**
 * Restores a logical backup. The checksums are verified first, so a damaged backup is refused
 * before the server is touched; a new database is created as the source was, and dropped again
 * if the restore is cancelled or fails; the result has every table's rows after the restore
 * beside the counts recorded at backup time, and pg_restore's messages one by one.
 */
export async function runLogicalRestore(deps: LogicalRestoreDeps, plan: RestorePlan, job: JobContext): Promise<RestoreResult> {
  checkRestorePlan(plan);
  const startedMs = Date.now();
  if (!plan.checksumsVerified) await checkBackupFiles(plan, job);

  job.progress({ phase: 'connecting' });
  const session = await RestoreSession.open(plan.access, plan.target.database);
  try {
    const server = await checkTargetDatabase(session, plan.target);
    const targetConnection = await plan.access.connect(plan.target.database);
    const command = await restoreCommand(deps, plan, targetConnection, server.majorVersion, session.useListPath);
    const extraMessages = await restoreGlobals(deps, plan, session.maintenance, job);
    if (plan.target.kind === 'new') extraMessages.push(...(await createNewDatabase(session, plan, job)));
    await writeUseList(command, session.useListPath, plan.options, job);
    const parsed = await runRestoreTool(command, targetConnection, plan, job, session.createdDatabase);
    job.throwIfCancelled();

    job.progress({ phase: 'counting', message: `rows per table in ${plan.target.database}` });
    const tables = await countRestoredRows(targetConnection, plan, job.signal);
    return reportRestore(plan, job, { startedMs, server: session.maintenance.label, created: session.createdDatabase, extraMessages, parsed, tables });
  } catch (error) {
    await session.discardCreatedDatabase(job);
    throw error;
  } finally {
    await session.close();
  }
}

/** Every file against its SHA-256, so a damaged backup is refused before the server is touched. */
async function checkBackupFiles(plan: RestorePlan, job: JobContext): Promise<void> {
  const { manifest } = plan;
  job.progress({ phase: 'checking', message: `SHA-256 of ${manifest.files.length} files` });
  const broken = await findFirstBrokenFile(plan.layout.backupDir(manifest.id), manifest.files, {
    signal: job.signal,
    onFile: (_file, index) =>
      job.progress({ phase: 'checking', fraction: (index + 1) / manifest.files.length, message: `SHA-256 of ${manifest.files.length} files` }),
  });
  if (broken) {
    throw new TidemarkError('backup_corrupt', `Backup ${manifest.id} is damaged: ${describeBrokenFile(broken)}. Nothing was restored.`, {
      hint: 'Restore from another backup; run `tidemark verify` on the others to find a sound one.',
      details: { path: broken.path, problem: broken.problem },
    });
  }
  job.log('info', `All ${manifest.files.length} files match their SHA-256.`);
}

/** A new database must not exist yet, an existing one must: returns the server's identity. */
async function checkTargetDatabase(session: RestoreSession, target: RestoreTarget): Promise<ServerIdentity> {
  const server = await readServerIdentity(session.admin);
  const exists = await databaseExists(session.admin, target.database);
  if (target.kind === 'new' && exists) {
    throw new TidemarkError('conflict', `A database named ${target.database} already exists on ${session.maintenance.label}.`, {
      hint: `Pick another name, or restore over it with --clean --confirm ${JSON.stringify(target.database)}.`,
    });
  }
  if (target.kind === 'existing' && !exists) {
    throw new TidemarkError('database_not_found', `There is no database ${target.database} on ${session.maintenance.label}.`, {
      hint: 'Restore into a new database instead.',
    });
  }
  return server;
}

/** globals.sql through psql, when asked for and backed up: its complaints as warnings. */
async function restoreGlobals(deps: LogicalRestoreDeps, plan: RestorePlan, maintenance: ResolvedConnection, job: JobContext): Promise<RestoreMessage[]> {
  const { manifest } = plan;
  if (!plan.options.includeGlobals || !manifest.logical.globalsPath) return [];
  job.progress({ phase: 'globals', message: 'roles and tablespaces' });
  const psql = pickTool(await deps.tools.inventory(), 'psql', null).path;
  const globalsLines: string[] = [];
  const globalsFile = join(plan.layout.backupDir(manifest.id), manifest.logical.globalsPath);
  await withToolEnvironment(maintenance.toolCredentials, (env) =>
    runTool(psql, [`--dbname=${maintenance.dbnameArg}`, '--no-psqlrc', '--quiet', `--file=${globalsFile}`], {
      env,
      signal: job.signal,
      captureStdout: false,
      onStderrLine: (line) => {
        globalsLines.push(line);
        job.log(toolLineLevel(line) === 'error' ? 'warning' : toolLineLevel(line), line, 'stderr');
      },
    }),
  );
  // Roles that exist already are expected errors here: reported as warnings, not failures.
  return parseToolMessages(globalsLines).messages.map((m) => ({ ...m, level: 'warning' as const, text: `globals.sql: ${m.text}` }));
}

/** CREATE DATABASE as the source was; what had to be left out comes back as warnings. */
async function createNewDatabase(session: RestoreSession, plan: RestorePlan, job: JobContext): Promise<RestoreMessage[]> {
  job.progress({ phase: 'creating', message: `database ${plan.target.database}` });
  const creation = await session.createDatabase(plan.manifest.logical.databaseFacts);
  job.log('info', `${creation.sql};`);
  const warnings: RestoreMessage[] = [];
  for (const warning of creation.warnings) {
    job.log('warning', warning);
    warnings.push({ level: 'warning', text: warning });
  }
  return warnings;
}

/** A partial restore's selection, written where --use-list points. */
async function writeUseList(command: RestoreCommand, useListPath: string, options: RestoreOptions, job: JobContext): Promise<void> {
  if (!command.useList) return;
  await writeFile(useListPath, command.useList.lines.join('\n') + '\n');
  for (const note of command.useList.notes) job.log('info', note);
  job.log('info', `Restoring ${options.tables.length} table(s): ${command.useList.lines.length} entries of the archive.`);
}

/**
 * pg_restore (or psql) into the target, its lines logged and counted into progress. Returns its
 * messages parsed; throws when it failed, unless pg_restore went on past errors.
 */
async function runRestoreTool(
  command: RestoreCommand,
  targetConnection: ResolvedConnection,
  plan: RestorePlan,
  job: JobContext,
  created: boolean,
): Promise<ReturnType<typeof parseToolMessages>> {
  const { manifest, target } = plan;
  job.progress({ phase: 'restoring', message: `${command.tool} into ${target.database}` });
  job.log('info', shellCommandLine(command.argv));
  const messages: string[] = [];
  let restoredObjects = 0;
  // pg_restore --verbose names each entry as it restores it: the TOC's size makes a fraction.
  const totalObjects = command.useList ? command.useList.lines.length : manifest.logical.tocEntries;
  let exitError: TidemarkError | null = null;
  try {
    await withToolEnvironment(targetConnection.toolCredentials, (env) =>
      runTool(command.argv[0]!, command.argv.slice(1), {
        env,
        signal: job.signal,
        captureStdout: false,
        onStderrLine: (line) => {
          messages.push(line);
          if (/^pg_restore: (creating|processing data for table|restoring|executing)/.test(line)) {
            restoredObjects += 1;
            job.progress({
              phase: 'restoring',
              ...(totalObjects ? { fraction: Math.min(0.99, restoredObjects / totalObjects) } : {}),
              message: `${restoredObjects}${totalObjects ? ` of ~${totalObjects}` : ''} objects restored into ${target.database}`,
            });
          }
          job.log(toolLineLevel(line), line, 'stderr');
        },
      }),
    );
  } catch (error) {
    if (!(error instanceof TidemarkError) || error.code !== 'tool_failed') throw error;
    exitError = error;
  }
  const parsed = parseToolMessages(messages);
  // pg_restore exits 1 after going on past errors ("errors ignored on restore: N"): the database
  // is restored but for those; a warning with the errors listed, not a failure and not a success.
  if (exitError && !(command.tool === 'pg_restore' && parsed.ignoredErrors > 0)) {
    const firstError = parsed.messages.find((m) => m.level === 'error');
    throw new TidemarkError(
      'tool_failed',
      firstError ? `${command.tool} failed: ${firstError.text}${firstError.detail ? ` (${firstError.detail.split('\n')[0]})` : ''}` : exitError.message,
      {
        details: exitError.details,
        hint: created ? `The new database ${target.database} was dropped again.` : undefined,
      },
    );
  }
  return parsed;
}

/** The result, and its one-line summary in the log. */
function reportRestore(
  plan: RestorePlan,
  job: JobContext,
  run: {
    startedMs: number;
    server: string;
    created: boolean;
    extraMessages: RestoreMessage[];
    parsed: ReturnType<typeof parseToolMessages>;
    tables: TableRowCheck[];
  },
): RestoreResult {
  const { manifest, target } = plan;
  const { parsed, tables } = run;
  const mismatchedTables = tables.filter((t) => !t.matches).length;
  const allMessages = [...run.extraMessages, ...parsed.messages];
  const result: RestoreResult = {
    backupId: manifest.id,
    database: target.database,
    server: run.server,
    target: target.kind,
    created: run.created,
    durationMs: Date.now() - run.startedMs,
    outcome: parsed.ignoredErrors > 0 || allMessages.some((m) => m.level === 'error') ? 'with-warnings' : 'clean',
    ignoredErrors: parsed.ignoredErrors,
    messages: allMessages,
    tables,
    mismatchedTables,
  };
  job.log(
    result.outcome === 'clean' && mismatchedTables === 0 ? 'info' : 'warning',
    `Restored ${tables.length} tables into ${target.database}${parsed.ignoredErrors ? `; errors ignored on restore: ${parsed.ignoredErrors}` : ''}${mismatchedTables ? `; ${mismatchedTables} tables differ from the backup's counts` : ''}.`,
  );
  return result;
}

/** Rows per restored table, against the counts the manifest recorded. */
async function countRestoredRows(target: ResolvedConnection, plan: RestorePlan, signal: AbortSignal): Promise<TableRowCheck[]> {
  const { manifest, options } = plan;
  const picked = new Set(options.tables.map(tableKey));
  const tables = manifest.logical.tables.filter((table) => picked.size === 0 || picked.has(tableKey(table)));
  return withClient(target, async (client) => {
    const present = new Set(
      (
        await client.query<{ schema: string; name: string }>(
          "select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind in ('r', 'p')",
        )
      ).rows.map(tableKey),
    );
    const checks: TableRowCheck[] = [];
    for (const table of tables) {
      if (signal.aborted) throw new TidemarkError('cancelled', 'The job was cancelled.');
      const actualRows = present.has(tableKey(table)) ? await countRows(client, table.schema, table.name) : null;
      const expectedRows = options.content === 'schema-only' ? 0 : table.rows;
      checks.push({
        schema: table.schema,
        name: table.name,
        expectedRows,
        actualRows,
        matches: actualRows !== null && (expectedRows === null || expectedRows === actualRows),
      });
    }
    return checks;
  });
}
