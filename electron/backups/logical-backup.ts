import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type pg from 'pg';
import {
  logicalManifestSchema,
  type BackedUpTable,
  type DatabaseFacts,
  type LogicalBackupPreview,
  type LogicalBackupResult,
  type LogicalDumpOptions,
  type LogicalManifest,
} from '../../shared/domain/backup';
import { TidemarkError, toErrorPayload } from '../../shared/domain/errors';
import type { JobContext } from '../jobs/job-registry';
import { pickTool } from '../pgtools/discovery';
import type { ToolService } from '../pgtools/tool-service';
import type { ResolvedConnection } from '../profiles/connection';
import { runTool } from '../pgtools/run-tool';
import { openClient, withClient } from '../profiles/open-client';
import { toolEnvironmentShown, withToolEnvironment } from '../profiles/tool-password-file';
import { asDiskFullError, PendingBackupDir } from '../repository/atomic-backup-dir';
import { newBackupId, type RepositoryLayout } from '../repository/layout';
import { shellCommandLine } from '../pgtools/shell-quote';
import {
  countRows,
  listBackupableDatabases,
  readCatalogTables,
  readDatabaseFacts,
  readServerIdentity,
  readTocHints,
  type CatalogTable,
  type ServerIdentity,
} from './database-catalog';
import { dumpFileName, globalsFileName, pgDumpallGlobalsArgs, pgDumpArgs, selectsPart } from './dump-command';
import { DumpProgress } from './dump-progress';
import { formatBytes } from '../../shared/format/bytes';
import { ManifestLog } from './manifest-log';
import { readToc, tableKey, tablesWithData, type Toc } from './toc';
import { verifyBackup, type VerifyBackupDeps } from './verify-backup';
import { interruptedLogicalRecord, totalBytesOf, writtenCheck } from './logical-manifest';
import type { ServerAccess } from '../profiles/server-access';

/** pg_dump and friends, and (for the test restore after) what a verification needs. */
export type LogicalBackupDeps = VerifyBackupDeps;

export interface LogicalBackupPlan {
  access: ServerAccess;
  databases: 'all' | string[];
  options: LogicalDumpOptions;
  layout: RepositoryLayout;
  testRestoreAfter: boolean;
}

/** "all" expanded now, so databases created since the job was planned are included. */
async function databasesOf(plan: LogicalBackupPlan): Promise<string[]> {
  if (plan.databases !== 'all') return plan.databases;
  return withClient(await plan.access.connect(), listBackupableDatabases);
}

/** The commands the job would run, for the "copy command" button: the same builder, no password. */
export async function previewLogicalBackup(deps: { readonly tools: ToolService }, plan: LogicalBackupPlan): Promise<LogicalBackupPreview> {
  const databases = await databasesOf(plan);
  const first = await plan.access.connect(databases[0]);
  const server = await withClient(first, readServerIdentity);
  const inventory = await deps.tools.inventory();
  const pgDump = pickTool(inventory, 'pg_dump', server.majorVersion).path;
  const dumps = [];
  for (const database of databases) {
    const resolved = database === databases[0] ? first : await plan.access.connect(database);
    const argv = [pgDump, ...pgDumpArgs({ dbnameArg: resolved.dbnameArg, file: dumpFileName[plan.options.format], options: plan.options })];
    dumps.push({ database, argv, commandLine: shellCommandLine(argv) });
  }
  let globals = null;
  if (plan.options.includeGlobals) {
    const argv = [pickTool(inventory, 'pg_dumpall', server.majorVersion).path, ...pgDumpallGlobalsArgs({ dbnameArg: first.dbnameArg, file: globalsFileName })];
    globals = { database: first.database ?? '', argv, commandLine: shellCommandLine(argv) };
  }
  const notes = [
    "Tidemark also passes --snapshot with a snapshot of its own transaction, in which it counts every table's rows, so the recorded counts match the dump exactly.",
    `Files are written to a temporary folder in ${plan.layout.backupsDir}, checksummed, fsynced and renamed into place.`,
  ];
  if (plan.databases === 'all') notes.push('"All databases" is listed again when the job runs: databases created meanwhile are included.');
  return { dumps, globals, environment: toolEnvironmentShown(first.toolCredentials), notes };
}

/** Runs a logical backup job: one backup (one repository folder) per database. */
export async function runLogicalBackup(deps: LogicalBackupDeps, plan: LogicalBackupPlan, job: JobContext): Promise<LogicalBackupResult> {
  const runId = randomUUID();
  job.progress({ phase: 'connecting' });
  const databases = await databasesOf(plan);
  if (plan.databases === 'all') job.log('info', `All databases: ${databases.join(', ')}.`);
  const result: LogicalBackupResult = { runId, backups: [], verification: [] };
  const failures: { database: string; error: unknown }[] = [];
  for (const [index, database] of databases.entries()) {
    job.throwIfCancelled();
    const prefix = databases.length > 1 ? `[${index + 1}/${databases.length}] ${database}: ` : '';
    try {
      const manifest = await backupDatabase(deps, plan, job, database, runId, prefix);
      result.backups.push({
        id: manifest.id,
        database,
        totalBytes: manifest.totalBytes,
        durationMs: manifest.durationMs ?? 0,
        repositoryDir: plan.layout.root,
      });
      if (plan.testRestoreAfter) {
        const report = await verifyBackup(deps, plan.layout, manifest.id, { testRestore: true, access: plan.access }, job);
        result.verification.push(report.verification);
      }
    } catch (error) {
      if (job.signal.aborted || databases.length === 1) throw error;
      // One database failing does not stop the others: each is its own backup.
      failures.push({ database, error });
      job.log('error', `${database}: ${toErrorPayload(error).message}`);
    }
  }
  if (failures.length > 0) {
    const first = toErrorPayload(failures[0]!.error);
    throw new TidemarkError(
      first.code,
      `${failures.length} of ${databases.length} databases failed: ${failures.map((f) => `${f.database} (${toErrorPayload(f.error).message})`).join('; ')}`,
      {
        hint: first.hint,
        details: { succeeded: result.backups.length },
      },
    );
  }
  return result;
}

/** One database's backup as it is written: its id, its log, and the job it reports to. */
interface DatabaseBackup {
  readonly id: string;
  readonly database: string;
  readonly startedAt: Date;
  /** "[2/5] shop: " when the job backs up several databases, else empty. */
  readonly prefix: string;
  readonly log: ManifestLog;
  readonly job: JobContext;
}

type PickedTool = ReturnType<typeof pickTool>;

/** What the dump is taken with: the server, the tools for its version, and what its catalog says. */
interface DumpSource {
  readonly server: ServerIdentity;
  readonly pgDump: PickedTool;
  readonly pgRestore: PickedTool | null;
  readonly pgDumpall: PickedTool | null;
  readonly facts: DatabaseFacts | null;
  readonly catalog: CatalogTable[];
  readonly tocHints: { schemas: string[]; owners: string[] };
}

/** The snapshot pg_dump dumps, and the counter counting rows in it. */
interface DumpSnapshot {
  readonly id: string;
  readonly counter: SnapshotRowCounter;
}

async function backupDatabase(
  deps: { readonly tools: ToolService },
  plan: LogicalBackupPlan,
  job: JobContext,
  database: string,
  runId: string,
  prefix: string,
): Promise<LogicalManifest> {
  const { options, layout } = plan;
  const startedAt = new Date();
  const backup: DatabaseBackup = { id: newBackupId(startedAt), database, startedAt, prefix, log: new ManifestLog(job), job };
  const resolved = await plan.access.connect(database);
  backup.log.info(`${prefix}Backing up ${database} from ${resolved.label} as ${backup.id} (${options.format} format).`);
  job.progress({ phase: 'preparing', message: `${prefix}reading the catalog` });
  const client = await openClient(resolved);
  try {
    const source = await readDumpSource(deps.tools, client, options, database);
    const record = interruptedBackupRecord(plan, backup, resolved, source, runId);
    const pending = await PendingBackupDir.create(layout, backup.id, record);
    try {
      const snapshot = await exportDumpSnapshot(client, job.signal, options, source.catalog);
      const dumpFile = await dumpDatabase(backup, resolved, source, pending, snapshot.id, options);
      const { toc, readable } = await readArchiveBack(backup, source, dumpFile, options);
      const counted = await countInSnapshot(backup, client, snapshot.counter, toc, source.catalog);
      return await publishBackup(backup, pending, record, { toc, readable, ...counted });
    } catch (caught) {
      const error = asDiskFullError(caught, layout.root, `the backup of ${database}`);
      await abandonBackup(backup, pending, record, error);
      throw error;
    }
  } catch (caught) {
    throw asDiskFullError(caught, layout.root, `the backup of ${database}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function readDumpSource(tools: ToolService, client: pg.Client, options: LogicalDumpOptions, database: string): Promise<DumpSource> {
  const server = await readServerIdentity(client);
  const inventory = await tools.inventory();
  // pg_dump older than the server refuses to run (or dumps wrongly): pickTool says so, with what to install.
  const pgDump = pickTool(inventory, 'pg_dump', server.majorVersion);
  const pgRestore = options.format === 'plain' ? null : pickTool(inventory, 'pg_restore', server.majorVersion);
  const pgDumpall = options.includeGlobals ? pickTool(inventory, 'pg_dumpall', server.majorVersion) : null;
  const facts = await readDatabaseFacts(client, database);
  const catalog = await readCatalogTables(client);
  const tocHints = await readTocHints(client);
  return { server, pgDump, pgRestore, pgDumpall, facts, catalog, tocHints };
}

/** The manifest the pending folder starts with: what the history shows if the backup never completes. */
function interruptedBackupRecord(
  plan: LogicalBackupPlan,
  backup: DatabaseBackup,
  resolved: ResolvedConnection,
  source: DumpSource,
  runId: string,
): LogicalManifest {
  const { options } = plan;
  const { server, pgDump } = source;
  const dumpPath = dumpFileName[options.format];
  return interruptedLogicalRecord({
    id: backup.id,
    origin: 'tidemark',
    profile: plan.access.profile,
    startedAt: backup.startedAt,
    server: { label: resolved.label, version: server.version, versionNum: server.versionNum, systemIdentifier: server.systemIdentifier },
    tool: { name: 'pg_dump', path: pgDump.path, version: pgDump.installation.version },
    interruptedMessage: 'The backup was interrupted before it completed; its partial files were removed.',
    logical: {
      database: backup.database,
      format: options.format,
      options,
      dumpPath,
      globalsPath: source.pgDumpall ? globalsFileName : null,
      command: [pgDump.path, ...pgDumpArgs({ dbnameArg: resolved.dbnameArg, file: dumpPath, options })],
      databaseFacts: source.facts,
      tables: [],
      rowCounts: 'snapshot',
      tocEntries: null,
      runId,
      tocHints: source.tocHints,
    },
  });
}

/**
 * The row counts are taken in this transaction's snapshot, which pg_dump then uses too: the
 * counts describe exactly the rows in the dump. The transaction stays open until pg_dump ends
 * (its -j workers import the snapshot as they start); countInSnapshot() ends it.
 */
async function exportDumpSnapshot(
  client: pg.Client,
  signal: AbortSignal,
  options: LogicalDumpOptions,
  catalog: readonly CatalogTable[],
): Promise<DumpSnapshot> {
  await client.query('begin isolation level repeatable read read only');
  const id = (await client.query<{ id: string }>('select pg_export_snapshot() as id')).rows[0]!.id;
  const counter = new SnapshotRowCounter(client, signal);
  const countsDuringDump = !selectsPart(options) && options.content !== 'schema-only';
  if (countsDuringDump) {
    // One process for the counts while pg_dump runs, so they take spare CPU rather than pg_dump's.
    await client.query('set local max_parallel_workers_per_gather = 0');
    counter.countInBackground(catalog.filter((table) => table.hasRows));
  }
  return { id, counter };
}

/** pg_dump into the pending folder (and pg_dumpall's globals beside it), sampled into progress. Returns the dump's path. */
async function dumpDatabase(
  backup: DatabaseBackup,
  resolved: ResolvedConnection,
  source: DumpSource,
  pending: PendingBackupDir,
  snapshot: string,
  options: LogicalDumpOptions,
): Promise<string> {
  const { job, log, prefix } = backup;
  const dumpFile = join(pending.path, dumpFileName[options.format]);
  const progress = new DumpProgress(source.catalog, dumpFile, source.facts?.sizeBytes ?? null, options.jobs > 1, prefix);
  const sampler = setInterval(() => {
    void progress.sample().then(
      (p) => job.progress(p),
      () => undefined,
    );
  }, 1000);
  job.progress(progress.current());
  const globals = dumpGlobals(backup, resolved, source.pgDumpall, pending);
  try {
    await withToolEnvironment(resolved.toolCredentials, (env) =>
      runTool(source.pgDump.path, pgDumpArgs({ dbnameArg: resolved.dbnameArg, file: dumpFile, options, snapshot }), {
        env,
        signal: job.signal,
        captureStdout: false,
        onStderrLine: (line) => {
          progress.onLine(line);
          log.tool(line);
        },
      }),
    );
  } catch (error) {
    // Nothing may still be writing into the folder when it is abandoned.
    await globals.catch(() => undefined);
    throw error;
  } finally {
    clearInterval(sampler);
  }
  await globals;
  job.throwIfCancelled();
  const written = await progress.sample();
  log.info(`${prefix}pg_dump finished: ${formatBytes(written.doneBytes ?? 0)} written.`);
  return dumpFile;
}

/** Roles and tablespaces are saved while pg_dump runs: a small, independent job. */
function dumpGlobals(backup: DatabaseBackup, resolved: ResolvedConnection, pgDumpall: PickedTool | null, pending: PendingBackupDir): Promise<unknown> {
  const globals = pgDumpall
    ? withToolEnvironment(resolved.toolCredentials, (env) =>
        runTool(pgDumpall.path, pgDumpallGlobalsArgs({ dbnameArg: resolved.dbnameArg, file: join(pending.path, globalsFileName) }), {
          env,
          signal: backup.job.signal,
          captureStdout: false,
          onStderrLine: (line) => backup.log.tool(line),
        }),
      )
    : Promise.resolve(null);
  // Handled here so an early failure is not an unhandled rejection; the caller awaits it (and so throws).
  globals.catch(() => undefined);
  return globals;
}

/** seed 000's check, on every backup: the archive must read back. */
async function readArchiveBack(
  backup: DatabaseBackup,
  source: DumpSource,
  dumpFile: string,
  options: LogicalDumpOptions,
): Promise<{ toc: Toc; readable: string }> {
  backup.job.progress({ phase: 'checking', message: `${backup.prefix}reading the archive back` });
  const toc = await readToc(source.pgRestore?.path ?? null, dumpFile, source.tocHints, backup.job.signal);
  const readable =
    options.format === 'plain' ? `the plain dump is complete (${toc.entries.length} objects)` : `pg_restore --list read ${toc.entries.length} entries`;
  backup.log.info(`${backup.prefix}${readable[0]!.toUpperCase()}${readable.slice(1)}.`);
  return { toc, readable };
}

/** Every table the dump holds, counted in its snapshot; then the snapshot's transaction ends. */
async function countInSnapshot(
  backup: DatabaseBackup,
  client: pg.Client,
  counter: SnapshotRowCounter,
  toc: Toc,
  catalog: readonly CatalogTable[],
): Promise<{ tables: BackedUpTable[]; countedTables: number }> {
  backup.job.progress({ phase: 'counting', message: `${backup.prefix}row counts in the dump's snapshot` });
  const dataTables = tablesWithData(toc);
  const counts = await counter.count(dataTables);
  await client.query('commit');
  return { tables: backedUpTables(toc, catalog, counts), countedTables: dataTables.length };
}

/** fsync and SHA-256 of every file, the complete manifest written, the folder renamed into place. */
async function publishBackup(
  backup: DatabaseBackup,
  pending: PendingBackupDir,
  record: LogicalManifest,
  written: { toc: Toc; readable: string; tables: BackedUpTable[]; countedTables: number },
): Promise<LogicalManifest> {
  const { job, log, prefix } = backup;
  job.progress({ phase: 'checksumming', message: `${prefix}fsync and SHA-256 of every file` });
  const checksumStartedMs = Date.now();
  return pending.commit(
    (files) => {
      const endedAt = new Date();
      log.info(`${prefix}Backup ${backup.id} complete: ${files.length} files, ${formatBytes(totalBytesOf(files))}, ${written.countedTables} tables counted.`);
      return logicalManifestSchema.parse({
        ...record,
        status: 'complete',
        failure: null,
        endedAt: endedAt.toISOString(),
        durationMs: endedAt.getTime() - backup.startedAt.getTime(),
        totalBytes: totalBytesOf(files),
        files,
        verifications: [writtenCheck(files, written.readable, checksumStartedMs, '')],
        log: log.lines(),
        logical: { ...record.logical, tables: written.tables, tocEntries: record.logical.format === 'plain' ? null : written.toc.entries.length },
      });
    },
    { signal: job.signal },
  );
}

/** A failed or cancelled backup: its partial files removed, its record (and log) kept in the history. */
async function abandonBackup(backup: DatabaseBackup, pending: PendingBackupDir, record: LogicalManifest, error: unknown): Promise<void> {
  const cancelled = backup.job.signal.aborted;
  const endedAt = new Date();
  const failure: { code: string; message: string; hint?: string } = cancelled
    ? { code: 'cancelled', message: 'The backup was cancelled; its partial files were removed.' }
    : toErrorPayload(error);
  backup.log.add(cancelled ? 'warning' : 'error', `${backup.prefix}${failure.message}`);
  await pending.abandon({
    ...record,
    status: cancelled ? 'cancelled' : 'failed',
    failure: { code: failure.code, message: failure.message, ...(failure.hint ? { hint: failure.hint } : {}) },
    endedAt: endedAt.toISOString(),
    durationMs: endedAt.getTime() - backup.startedAt.getTime(),
    log: backup.log.lines(),
  });
}

/**
 * Counts rows in the transaction that exported the dump's snapshot. Counting starts during the
 * dump (whole-database dumps, where the tables are known beforehand) and is completed afterwards
 * for whatever the TOC says the dump holds.
 */
class SnapshotRowCounter {
  private readonly counts = new Map<string, Promise<number>>();
  // One query at a time on the snapshot's connection (node-postgres queues them, but deprecates relying on it).
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly client: pg.Client,
    private readonly signal: AbortSignal,
  ) {}

  countInBackground(tables: readonly { schema: string; name: string }[]): void {
    for (const table of tables) this.start(table).catch(() => undefined);
  }

  async count(tables: readonly { schema: string; name: string }[]): Promise<Map<string, number>> {
    const result = new Map<string, number>();
    for (const table of tables) {
      if (this.signal.aborted) throw new TidemarkError('cancelled', 'The job was cancelled.');
      result.set(tableKey(table), await this.start(table));
    }
    return result;
  }

  private start(table: { schema: string; name: string }): Promise<number> {
    const key = tableKey(table);
    let counting = this.counts.get(key);
    if (!counting) {
      counting = this.queue.then(() => {
        if (this.signal.aborted) throw new TidemarkError('cancelled', 'The job was cancelled.');
        return countRows(this.client, table.schema, table.name);
      });
      this.queue = counting.catch(() => undefined);
      this.counts.set(key, counting);
    }
    return counting;
  }
}

/** The tables the dump defines or fills, with their counts and what a single-table restore brings along. */
function backedUpTables(toc: Toc, catalog: readonly CatalogTable[], counts: Map<string, number>): BackedUpTable[] {
  const byKey = new Map(catalog.map((table) => [tableKey(table), table]));
  const tables = new Map<string, BackedUpTable>();
  for (const entry of toc.entries) {
    if ((entry.type !== 'TABLE' && entry.type !== 'TABLE DATA') || entry.schema === null) continue;
    const key = tableKey({ schema: entry.schema, name: entry.name });
    if (tables.has(key)) continue;
    const known = byKey.get(key);
    tables.set(key, {
      schema: entry.schema,
      name: entry.name,
      rows: counts.get(key) ?? null,
      indexes: known?.indexes ?? [],
      sequences: known?.sequences ?? [],
    });
  }
  return [...tables.values()];
}
