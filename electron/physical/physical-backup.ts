import { readdir, readFile, stat, statfs } from 'node:fs/promises';
import { join } from 'node:path';
import type { AnyManifest, ManifestLogLine, Verification } from '../../shared/domain/backup';
import { TidemarkError, toErrorPayload } from '../../shared/domain/errors';
import type { ArchiveServerSettings } from '../../shared/domain/archiving';
import {
  physicalManifestSchema,
  type BackupPoints,
  type PhysicalBackupFacts,
  type PhysicalBackupOptions,
  type PhysicalBackupResult,
  type PhysicalManifest,
  type VerifyBackupResult,
} from '../../shared/domain/physical';
import type { ToolInventory } from '../../shared/domain/tools';
import { formatLsn } from '../../shared/domain/wal';
import type { JobContext } from '../jobs/job-registry';
import { pickTool } from '../pgtools/discovery';
import type { ToolService } from '../pgtools/tool-service';
import { runTool } from '../pgtools/run-tool';
import { withClient } from '../profiles/open-client';
import { withToolEnvironment } from '../profiles/tool-password-file';
import { PendingBackupDir } from '../repository/atomic-backup-dir';
import { newBackupId } from '../repository/layout';
import { openRepository } from '../repository/open-repository';
import { archiveDirFor } from '../wal/archive-folder';
import { readArchiveServerSettings } from '../wal/archive-server-settings';
import { parseBackupLabel } from '../wal/backup-label';
import type { ServerContext } from '../wal/server-context';
import { shellCommandLine } from '../pgtools/shell-quote';
import { assertCompressionFits, basebackupArgs } from './basebackup-command';
import { basebackupError } from './basebackup-errors';
import { basebackupCatalog } from './basebackup-files';
import { BasebackupProgressReader, describeProgress } from './basebackup-progress';
import { backupHistoryFileName, backupPoints, readBackupLabelFromBackup, readManifestWalRanges } from './backup-points';
import { summarizePhysicalBackup } from './physical-backup-summary';
import { pitrReadiness } from './pitr-readiness';
import { pgVerifybackupCheck, runVerifyStep } from './verify-backup';

/** The folder inside a backup that pg_basebackup writes (-D). */
export const basebackupDataPath = 'basebackup';

// The manifest keeps the job's log up to this many lines (the tool's progress lines are not logged).
const maxManifestLogLines = 500;

/**
 * A physical base backup, start to finish: pg_basebackup (-X stream, the chosen format and
 * compression, -P parsed into progress) writes into the repository's pending folder; the WAL points
 * come from PostgreSQL's backup_manifest, the times from its records; pg_verifybackup checks it;
 * then the folder is listed (the data's checksums are backup_manifest's, basebackup-files.ts) and
 * renamed into place. Cancel, a failure, a full disk or a crash leaves a failed record in the
 * history and no data that looks like a backup.
 */
export async function runPhysicalBackup(
  deps: { readonly tools: ToolService },
  context: ServerContext,
  options: PhysicalBackupOptions,
  job: JobContext,
): Promise<PhysicalBackupResult> {
  const jobStarted = performance.now();
  const source = await checkServer(deps.tools, context, options, job);
  const layout = await openRepository(context.repositoryRoot);
  const backup = new BaseBackupRun(jobStarted, job, context, options, source);
  const pending = await PendingBackupDir.create(layout, backup.backupId, backup.record('failed', null));
  // Both sizes go into a disk_full error, so it says how much room the backup needs.
  const freeBytesAtStart = await statfs(layout.backupsDir).then(
    (s) => s.bavail * s.bsize,
    () => null,
  );
  try {
    const dataDir = join(pending.path, basebackupDataPath);
    const clock = await runBasebackup(backup, dataDir);
    const { points, archiveDir } = await readPoints(backup, dataDir, clock);
    const verification = await verifyNewBackup(backup, dataDir);
    const pitr = await pitrReadiness(points, source.server.walSegmentSizeBytes, true, archiveDir);
    backup.facts = { ...backup.facts, verification, pitr };
    return await publishBackup(backup, pending, layout.root, verification, clock.toolMs);
  } catch (error) {
    const mapped = basebackupError(error, {
      label: context.connection.label,
      repositoryDir: layout.root,
      estimatedBytes: backup.estimatedBytes,
      freeBytesAtStart,
    });
    await abandonBackup(backup, pending, mapped);
    throw mapped;
  }
}

type PickedTool = ReturnType<typeof pickTool>;

/** What a base backup of the server is taken with: its settings, and a pg_basebackup fit for it. */
interface BasebackupSource {
  readonly server: ArchiveServerSettings;
  readonly inventory: ToolInventory;
  readonly basebackup: PickedTool;
}

/** A base backup being taken: its id, its log, and what is known of it so far (which its failure record carries). */
class BaseBackupRun {
  readonly startedAt: Date;
  readonly backupId: string;
  readonly label: string;
  /** What is known of the backup so far. */
  facts: PhysicalBackupFacts;
  /** pg_basebackup's estimate of the whole, once it gives one. */
  estimatedBytes: number | null = null;
  private readonly log: ManifestLogLine[] = [];

  constructor(
    private readonly jobStarted: number,
    readonly job: JobContext,
    readonly context: ServerContext,
    readonly options: PhysicalBackupOptions,
    readonly source: BasebackupSource,
  ) {
    this.startedAt = new Date();
    this.backupId = newBackupId(this.startedAt);
    this.label = options.label?.trim() || `tidemark ${this.backupId}`;
    const { server } = source;
    this.facts = {
      systemIdentifier: server.systemIdentifier,
      serverVersionNum: server.serverVersionNum,
      walSegmentSizeBytes: server.walSegmentSizeBytes,
      format: options.format,
      compression: options.compression,
      checkpoint: options.checkpoint,
      label: this.label,
      command: [],
      dataPath: basebackupDataPath,
      walIncluded: true,
      points: null,
      hasBackupManifest: false,
      verification: null,
      pitr: null,
    };
  }

  /** A line for the job's log, kept in the manifest too (up to maxManifestLogLines). */
  note(level: ManifestLogLine['level'], text: string, source: 'tidemark' | 'stderr' = 'tidemark'): void {
    this.job.log(level, text, source);
    if (this.log.length < maxManifestLogLines) this.log.push({ at: new Date().toISOString(), level, text });
  }

  elapsedMs(): number {
    return Math.round(performance.now() - this.jobStarted);
  }

  /** The backup's manifest with what is known so far. */
  record(status: AnyManifest['status'], failure: AnyManifest['failure']): PhysicalManifest {
    const { context, source } = this;
    const { server, basebackup } = source;
    return {
      manifestVersion: 1,
      id: this.backupId,
      kind: 'physical',
      status,
      failure,
      origin: 'tidemark',
      profile: context.profile ? { id: context.profile.id, name: context.profile.name } : null,
      server: {
        label: context.connection.label,
        version: server.serverVersion,
        versionNum: server.serverVersionNum,
        systemIdentifier: server.systemIdentifier,
      },
      tool: { name: 'pg_basebackup', path: basebackup.path, version: basebackup.installation.version },
      startedAt: this.startedAt.toISOString(),
      endedAt: status === 'failed' && !failure ? null : new Date().toISOString(),
      durationMs: status === 'failed' && !failure ? null : this.elapsedMs(),
      totalBytes: 0,
      files: [],
      verifications: [],
      log: this.log,
      physical: this.facts,
    };
  }
}

/** The server must allow a base backup, and the pg_basebackup here must fit it and the compression asked for. */
async function checkServer(tools: ToolService, context: ServerContext, options: PhysicalBackupOptions, job: JobContext): Promise<BasebackupSource> {
  job.progress({ phase: 'connecting', message: context.connection.label });
  const server = await withClient(context.connection, readArchiveServerSettings);
  assertCanBackUp(server, context.connection.label);
  const inventory = await tools.inventory();
  const basebackup = pickTool(inventory, 'pg_basebackup', server.majorVersion, 'at-least-server');
  assertCompressionFits(options.compression, options.format, server.majorVersion, basebackup.installation.major);
  return { server, inventory, basebackup };
}

/** pg_basebackup into dataDir, its -P lines as progress. Returns Tidemark's clock around it. */
async function runBasebackup(backup: BaseBackupRun, dataDir: string): Promise<{ startedAt: Date; endedAt: Date; toolMs: number }> {
  const { job, options, context } = backup;
  const { basebackup } = backup.source;
  const args = basebackupArgs({
    targetDir: dataDir,
    dbnameArg: context.connection.dbnameArg,
    format: options.format,
    compression: options.compression,
    checkpoint: options.checkpoint,
    label: backup.label,
    maxRateKbps: options.maxRateKbps,
  });
  backup.facts = { ...backup.facts, command: [basebackup.path, ...args] };
  backup.note('info', `Running ${shellCommandLine([basebackup.path, ...args])}`);
  job.progress({
    phase: 'checkpoint',
    message: options.checkpoint === 'fast' ? 'Waiting for a fast checkpoint.' : 'Waiting for a spread checkpoint (can take up to checkpoint_timeout).',
  });

  const reader = new BasebackupProgressReader();
  const startedAt = new Date();
  const toolStartedMs = performance.now();
  await withToolEnvironment(context.connection.toolCredentials, (env) =>
    runTool(basebackup.path, args, {
      env,
      signal: job.signal,
      processGroup: true,
      onStderrLine: (line) => {
        const progress = reader.read(line);
        if (progress) {
          backup.estimatedBytes = progress.totalBytes ?? backup.estimatedBytes;
          job.progress({
            phase: 'copying',
            doneBytes: progress.doneBytes,
            ...(progress.totalBytes !== null
              ? { totalBytes: progress.totalBytes, fraction: Math.min(1, progress.doneBytes / Math.max(1, progress.totalBytes)) }
              : {}),
            message: describeProgress(progress),
          });
          return;
        }
        backup.note(/error|fatal/i.test(line) ? 'error' : /warning/i.test(line) ? 'warning' : 'info', line.replace(/^pg_basebackup: /, ''), 'stderr');
      },
    }),
  );
  const toolMs = Math.round(performance.now() - toolStartedMs);
  return { startedAt, endedAt: new Date(), toolMs };
}

/**
 * The backup's start and stop points: the WAL range from backup_manifest, the times from the
 * archive's history file or backup_label, else from the clock around pg_basebackup. Returns the
 * archive folder too, when the cluster archives into the repository.
 */
async function readPoints(
  backup: BaseBackupRun,
  dataDir: string,
  clock: { startedAt: Date; endedAt: Date },
): Promise<{ points: BackupPoints; archiveDir: string | null }> {
  const { job, options, context } = backup;
  const { server } = backup.source;
  job.progress({ phase: 'reading', message: "Reading the backup's start and stop points." });
  const files = await readdir(dataDir);
  const hasBackupManifest = files.includes('backup_manifest');
  if (!hasBackupManifest) throw new TidemarkError('tool_failed', "pg_basebackup wrote no backup_manifest; the backup's WAL range cannot be known.");
  const ranges = await readManifestWalRanges(join(dataDir, 'backup_manifest'));
  const archiveDir = archiveDirFor(context.repositoryRoot, server.systemIdentifier);
  const archiving = await stat(archiveDir).then(
    (s) => s.isDirectory(),
    () => false,
  );
  const historyFile = archiving
    ? await waitForHistoryFile(join(archiveDir, backupHistoryFileName(ranges[0]!.startLsn, ranges[0]!.timeline, server.walSegmentSizeBytes)), job.signal)
    : null;
  const points: BackupPoints = backupPoints({
    ranges,
    historyFile,
    label: await readBackupLabelFromBackup(dataDir, options.format, files),
    clock: { startedAt: clock.startedAt, endedAt: clock.endedAt },
  });
  backup.note(
    'info',
    `Backup starts at ${formatLsn(points.startLsn)} and is consistent at ${formatLsn(points.stopLsn)} on timeline ${points.timeline} (times from the ${points.timeSource.replace(/-/g, ' ')}).`,
  );
  backup.facts = { ...backup.facts, points, hasBackupManifest };
  return { points, archiveDir: archiving ? archiveDir : null };
}

/** pg_verifybackup on the new backup, unless turned off; a damaged backup fails the job. */
async function verifyNewBackup(backup: BaseBackupRun, dataDir: string): Promise<VerifyBackupResult> {
  const { job, options } = backup;
  if (!options.verify) return { status: 'skipped', reason: 'Verification was turned off for this backup.' };
  const verification = await runVerifyStep({
    inventory: backup.source.inventory,
    serverMajor: backup.source.server.majorVersion,
    dataDir,
    format: options.format,
    signal: job.signal,
    progress: (message) => job.progress({ phase: 'verifying', message }),
    log: (level, text) => backup.note(level, text),
  });
  if (verification.status === 'failed') {
    throw new TidemarkError('tool_failed', `pg_verifybackup found the new backup damaged: ${verification.problems[0] ?? 'see the log'}`, {
      hint: 'Check the disk of the repository, then take the backup again.',
    });
  }
  return verification;
}

/** The folder listed, the complete manifest written, the backup renamed into place. */
async function publishBackup(
  backup: BaseBackupRun,
  pending: PendingBackupDir,
  repositoryDir: string,
  verification: VerifyBackupResult,
  toolMs: number,
): Promise<PhysicalBackupResult> {
  backup.job.progress({ phase: 'saving', message: 'Listing the files and publishing the backup.' });
  const manifest = await pending.commitCatalogued(basebackupCatalog(basebackupDataPath, backup.options.format), (listed) => {
    const complete = backup.record('complete', null);
    complete.files = listed;
    complete.totalBytes = listed.reduce((sum, file) => sum + file.sizeBytes, 0);
    complete.verifications = verificationHistory(verification);
    complete.endedAt = new Date().toISOString();
    complete.durationMs = backup.elapsedMs();
    return physicalManifestSchema.parse(complete);
  });
  backup.note('info', `Backup ${backup.backupId} is complete.`);
  return { backup: summarizePhysicalBackup(manifest, repositoryDir), durationMs: manifest.durationMs ?? 0, toolMs };
}

/** A failed or cancelled backup: its files removed, its record kept in the history. */
async function abandonBackup(backup: BaseBackupRun, pending: PendingBackupDir, error: unknown): Promise<void> {
  const cancelled = backup.job.signal.aborted;
  const payload = toErrorPayload(error);
  await pending.abandon(
    backup.record(
      cancelled ? 'cancelled' : 'failed',
      cancelled
        ? { code: 'cancelled', message: 'The backup was cancelled; its files were removed.' }
        : { code: payload.code, message: payload.message, ...(payload.hint ? { hint: payload.hint } : {}) },
    ),
  );
}

function assertCanBackUp(server: ArchiveServerSettings, label: string): void {
  if (!server.role.superuser && !server.role.replication) {
    throw new TidemarkError(
      'insufficient_privilege',
      `The role ${server.role.name} cannot take a base backup of ${label}: it needs the REPLICATION attribute (or superuser).`,
      {
        hint: `As a superuser: ALTER ROLE ${server.role.name} REPLICATION;`,
      },
    );
  }
  if (server.walLevel === 'minimal') {
    throw new TidemarkError('server_error', `${label} runs with wal_level = minimal, which does not allow base backups.`, {
      hint: 'Set wal_level = replica (tidemark archive setup --apply does it) and restart the server.',
    });
  }
  if (server.maxWalSenders < 2) {
    throw new TidemarkError('server_error', `${label} allows ${server.maxWalSenders} WAL sender(s); a base backup with streamed WAL needs two.`, {
      hint: 'Set max_wal_senders = 10 and restart the server.',
    });
  }
}

/**
 * The server archives the backup's history file (its start/stop record) right after the backup
 * stops; pg_basebackup with -X stream does not wait for it. A short wait usually catches it.
 */
async function waitForHistoryFile(path: string, signal: AbortSignal) {
  const deadline = Date.now() + 3_000;
  for (;;) {
    const text = await readFile(path, 'utf8').catch(() => null);
    if (text !== null) return parseBackupLabel(text);
    if (Date.now() > deadline || signal.aborted) return null;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** pg_verifybackup's verdict in the generic verification history the backup list's badge reads. */
function verificationHistory(result: VerifyBackupResult): Verification[] {
  if (result.status !== 'passed') return [];
  return [
    {
      at: result.checkedAt,
      durationMs: result.elapsedMs,
      ok: true,
      checks: [pgVerifybackupCheck(result)],
      firstBrokenFile: null,
      testRestore: null,
    },
  ];
}
