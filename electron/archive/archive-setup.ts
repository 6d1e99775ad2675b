import { realpath, stat } from 'node:fs/promises';
import type pg from 'pg';
import type { ArchiveApplyResult, ArchiveMethod, ArchiveServerSettings, ArchiveSetupPlan, SettingChange, SetupCheck } from '../../shared/domain/archiving';
import { TidemarkError } from '../../shared/domain/errors';
import type { ManagedClusters } from '../clusters/managed-clusters';
import type { ResolvedConnection } from '../profiles/connection';
import { withClient } from '../profiles/open-client';
import { archiveDirFor, claimArchiveFolder } from '../wal/archive-folder';
import { archiveCommandFor, archiveScriptPath, installArchiveScript, naiveArchiveCommandWhyNot } from './archive-script';
import { readArchiveServerSettings } from '../wal/archive-server-settings';
import { verifyArchiving } from './archive-verification';
import type { ServerContext } from '../wal/server-context';

export type ArchiveMethodChoice = 'auto' | ArchiveMethod['kind'];

export interface ArchiveSetupOptions {
  /** auto: basic_archive on PostgreSQL 15+ when the server has it, else the archive script. */
  method?: ArchiveMethodChoice;
  /** Also set archive_timeout (seconds); absent leaves it as it is. */
  archiveTimeoutSeconds?: number;
}

const basicArchiveWhy =
  'basic_archive (PostgreSQL 15+) copies each segment to a temporary file, fsyncs it and renames it into place, and treats an identical existing file as success, so a retried segment does not stop archiving.';
const scriptWhy =
  'The archive script copies each segment to a temporary name, fsyncs it, renames it into place and fsyncs the folder; an identical existing file counts as success (a retried segment) and a different one as failure (never overwrite WAL).';

/** What would change to archive this server into the repository, and what stands in the way. */
export async function planArchiveSetup(clusters: ManagedClusters, context: ServerContext, options: ArchiveSetupOptions = {}): Promise<ArchiveSetupPlan> {
  return withClient(context.connection, (client) => planWithClient(clusters, context, client, options));
}

async function planWithClient(clusters: ManagedClusters, context: ServerContext, client: pg.Client, options: ArchiveSetupOptions): Promise<ArchiveSetupPlan> {
  const server = await readArchiveServerSettings(client);
  const archiveDir = archiveDirFor(context.repositoryRoot, server.systemIdentifier);
  const method = await chooseMethod(client, server, context.repositoryRoot, archiveDir, options.method ?? 'auto');
  const changes = desiredChanges(server, method, options);
  const checks: SetupCheck[] = [];
  const blockers: string[] = [];

  const mayAlterSystem = server.role.superuser || (await hasAlterSystemOnAll(client, server, changes));
  checks.push({
    id: 'privileges',
    status: mayAlterSystem ? 'ok' : 'blocked',
    current: `${server.role.name}${server.role.superuser ? ' (superuser)' : ''}`,
    wanted: 'superuser (or ALTER SYSTEM granted on each setting)',
    why: 'Archiving is configured with ALTER SYSTEM and pg_reload_conf(), which only a superuser may run unless granted per setting.',
  });
  if (!mayAlterSystem && changes.length > 0) {
    blockers.push(
      `The role ${server.role.name} is not a superuser, so it cannot run ALTER SYSTEM. Connect with a superuser profile, or have one run: GRANT ALTER SYSTEM ON PARAMETER ${changes.map((c) => c.name).join(', ')} TO ${server.role.name}.`,
    );
  }
  checks.push(
    checkFor(
      'wal_level',
      server.walLevel,
      changes,
      'replica',
      'WAL at level minimal leaves out what a base backup and archive recovery need; replica is required, and changing it needs a restart.',
    ),
  );
  checks.push(
    checkFor(
      'archive_mode',
      server.archiveMode,
      changes,
      'on',
      'With archive_mode off the server never hands a finished segment to the archiver; turning it on needs a restart.',
    ),
  );
  checks.push({
    id: 'archiver',
    status: changes.some((c) => c.name === 'archive_library' || c.name === 'archive_command' || c.name === 'basic_archive.archive_directory') ? 'change' : 'ok',
    current: server.archiveLibrary
      ? `archive_library = ${server.archiveLibrary}${server.basicArchiveDirectory ? ` (${server.basicArchiveDirectory})` : ''}`
      : server.archiveCommand || '(not set)',
    wanted: method.kind === 'basic_archive' ? `basic_archive into ${archiveDir}` : method.command,
    why: method.kind === 'basic_archive' ? basicArchiveWhy : scriptWhy,
  });
  checks.push(
    checkFor(
      'max_wal_senders',
      String(server.maxWalSenders),
      changes,
      '10',
      'pg_basebackup -X stream uses two WAL senders (the backup and the WAL stream); 0 makes physical backups impossible.',
    ),
  );
  checks.push({
    id: 'archive_timeout',
    status: changes.some((c) => c.name === 'archive_timeout') ? 'change' : server.archiveTimeoutSeconds === 0 ? 'advice' : 'ok',
    current: server.archiveTimeoutSeconds === 0 ? '0 (off)' : `${server.archiveTimeoutSeconds} s`,
    wanted: options.archiveTimeoutSeconds !== undefined ? `${options.archiveTimeoutSeconds} s` : 'the data loss you accept, e.g. 300 s',
    why: 'A segment is archived only when it is full (16 MB) or archive_timeout forces a switch: on a quiet server the last minutes of commits can sit unarchived for hours. Each forced switch archives a whole segment, so do not set it below a minute.',
  });
  if (server.inRecovery) {
    checks.push({
      id: 'recovery',
      status: server.archiveMode === 'always' ? 'ok' : 'advice',
      current: 'standby (in recovery)',
      wanted: 'archive on the primary, or archive_mode = always here',
      why: 'A standby archives nothing with archive_mode = on; set up archiving on the primary instead.',
    });
  }
  checks.push(await repositoryCheck(server, archiveDir, blockers));

  const managedClusterId = await managedClusterOf(clusters, context, server);
  const restartNeeded = changes.some((c) => c.takesEffectOn === 'restart') || server.pendingRestart.some((name) => restartSettings.has(name));
  return {
    server,
    archiveDir,
    method,
    methodWhy: method.kind === 'basic_archive' ? basicArchiveWhy : scriptWhy,
    naiveCommandWhyNot: naiveArchiveCommandWhyNot,
    checks,
    changes,
    blockers,
    restartNeeded,
    alreadyConfigured: changes.length === 0 && !server.pendingRestart.some((name) => archivingSettings.has(name)),
    managedClusterId,
  };
}

const restartSettings = new Set(['wal_level', 'archive_mode', 'max_wal_senders']);
const archivingSettings = new Set([...restartSettings, 'archive_command', 'archive_library']);

async function chooseMethod(
  client: pg.Client,
  server: ArchiveServerSettings,
  repositoryRoot: string,
  archiveDir: string,
  choice: ArchiveMethodChoice,
): Promise<ArchiveMethod> {
  const script: ArchiveMethod = {
    kind: 'archive_command',
    directory: archiveDir,
    scriptPath: archiveScriptPath(repositoryRoot),
    command: archiveCommandFor(archiveScriptPath(repositoryRoot), archiveDir),
  };
  if (choice === 'archive_command') return script;
  const canUseBasicArchive = server.majorVersion >= 15 && (await serverHasBasicArchive(client, server));
  if (choice === 'basic_archive' && !canUseBasicArchive) {
    throw new TidemarkError(
      'invalid_input',
      server.majorVersion < 15
        ? 'basic_archive needs PostgreSQL 15 or newer.'
        : "This server has no basic_archive module (PostgreSQL's contrib is not installed there).",
      {
        hint: 'Use the archive script instead (method archive_command).',
      },
    );
  }
  return canUseBasicArchive ? { kind: 'basic_archive', directory: archiveDir } : script;
}

/** LOAD succeeds only where the server has the module; it needs a superuser, as setting it up does. */
async function serverHasBasicArchive(client: pg.Client, server: ArchiveServerSettings): Promise<boolean> {
  if (server.archiveLibrary === 'basic_archive') return true;
  if (!server.role.superuser) return true; // cannot probe; the plan is blocked on privileges anyway
  try {
    await client.query("LOAD 'basic_archive'");
    return true;
  } catch {
    return false;
  }
}

function desiredChanges(server: ArchiveServerSettings, method: ArchiveMethod, options: ArchiveSetupOptions): SettingChange[] {
  const changes: SettingChange[] = [];
  const want = (name: string, from: string, to: string, takesEffectOn: SettingChange['takesEffectOn'], why: string) => {
    if (from !== to) changes.push({ name, from, to, takesEffectOn, why });
  };
  if (server.walLevel === 'minimal') want('wal_level', server.walLevel, 'replica', 'restart', 'Base backups and archive recovery need WAL at level replica.');
  if (server.archiveMode === 'off') want('archive_mode', server.archiveMode, 'on', 'restart', 'Hands every finished segment to the archiver.');
  if (server.maxWalSenders < 2) want('max_wal_senders', String(server.maxWalSenders), '10', 'restart', 'pg_basebackup -X stream needs two WAL senders.');
  if (method.kind === 'basic_archive') {
    want('archive_library', server.archiveLibrary ?? '', 'basic_archive', 'reload', "Archives with PostgreSQL's own durable copy.");
    want('basic_archive.archive_directory', server.basicArchiveDirectory ?? '', method.directory, 'reload', "The repository's WAL folder for this cluster.");
    // PostgreSQL 16+ refuses to archive with both set; 15 ignores the command.
    want('archive_command', server.archiveCommand, '', 'reload', 'Only one way of archiving may be set.');
  } else {
    want('archive_command', server.archiveCommand, method.command, 'reload', 'Copies, fsyncs and renames each segment into the repository.');
    if (server.archiveLibrary !== null) want('archive_library', server.archiveLibrary, '', 'reload', 'A library would take precedence over the command.');
  }
  if (options.archiveTimeoutSeconds !== undefined) {
    want(
      'archive_timeout',
      String(server.archiveTimeoutSeconds),
      String(options.archiveTimeoutSeconds),
      'reload',
      'Bounds how long a commit can wait unarchived on a quiet server.',
    );
  }
  return changes;
}

function checkFor(id: 'wal_level' | 'archive_mode' | 'max_wal_senders', current: string, changes: SettingChange[], wanted: string, why: string): SetupCheck {
  const change = changes.find((c) => c.name === id);
  return { id, status: change ? 'change' : 'ok', current, wanted: change ? change.to : current, why };
}

/** PostgreSQL 15 can grant ALTER SYSTEM per setting to a role that is not a superuser. */
async function hasAlterSystemOnAll(client: pg.Client, server: ArchiveServerSettings, changes: SettingChange[]): Promise<boolean> {
  if (server.majorVersion < 15 || changes.length === 0) return false;
  try {
    const result = await client.query<{ allowed: boolean }>(
      "select bool_and(has_parameter_privilege(current_user, name, 'ALTER SYSTEM')) as allowed from unnest($1::text[]) as name",
      [changes.map((c) => c.name)],
    );
    return result.rows[0]?.allowed === true;
  } catch {
    // A library's setting the server does not know yet (basic_archive before it is loaded).
    return false;
  }
}

/**
 * Whether the server can write the archive folder. It can only be judged when the server runs on
 * this machine (its data directory is visible here): the owner of the data directory is the
 * account the server runs as. Otherwise verification is the test.
 */
async function repositoryCheck(server: ArchiveServerSettings, archiveDir: string, blockers: string[]): Promise<SetupCheck> {
  const base = { id: 'repository' as const, wanted: `${archiveDir}, writable by the server` };
  const dataDir = server.dataDirectory ? await stat(server.dataDirectory).catch(() => null) : null;
  if (!dataDir) {
    return {
      ...base,
      status: 'advice',
      current: 'the server is not on this machine (or its data directory is hidden from this role)',
      why: "The server itself writes the archive: the repository must be reachable at this same path from the server's machine (a shared mount). Verification will show whether segments arrive.",
    };
  }
  const folder = await stat(archiveDir).catch(() => null);
  if (!folder) return { ...base, status: 'ok', current: 'will be created', why: 'Tidemark creates the folder as the account it runs as.' };
  const writable =
    folder.uid === dataDir.uid ? (folder.mode & 0o200) !== 0 : (folder.mode & 0o002) !== 0 || ((folder.mode & 0o020) !== 0 && folder.gid === dataDir.gid);
  if (!writable) {
    blockers.push(
      `The server runs as uid ${dataDir.uid} (the owner of its data directory), and cannot write ${archiveDir} (owner uid ${folder.uid}, mode ${(folder.mode & 0o777).toString(8)}). Give that account write access to the folder.`,
    );
  }
  return {
    ...base,
    status: writable ? 'ok' : 'blocked',
    current: `owner uid ${folder.uid}, mode ${(folder.mode & 0o777).toString(8)}`,
    why: "The archiver runs as the server's account; a folder it cannot write makes every segment fail, and WAL piles up in pg_wal until the disk fills.",
  };
}

async function managedClusterOf(clusters: ManagedClusters, context: ServerContext, server: ArchiveServerSettings): Promise<string | null> {
  if (context.profile?.managedClusterId) return context.profile.managedClusterId;
  if (!server.dataDirectory) return null;
  const serverDir = await realpath(server.dataDirectory).catch(() => null);
  if (!serverDir) return null;
  for (const record of clusters.list()) {
    if ((await realpath(record.dataDir).catch(() => null)) === serverDir) return record.id;
  }
  return null;
}

/** Reports a phase of the apply job with its message (the job's progress and log). */
type ApplyStep = (phase: string, message: string) => void;

export interface ApplyOptions extends ArchiveSetupOptions {
  /** Restart a Tidemark-managed cluster when a setting needs it. */
  restart?: boolean;
  /** Verify with pg_switch_wal() once nothing waits for a restart (default on). */
  verify?: boolean;
  verifyTimeoutMs?: number;
  signal?: AbortSignal;
  onStep?: ApplyStep;
  /** Re-resolves the connection after a restart (a managed cluster may move to another port). */
  reconnect?: () => Promise<ServerContext>;
}

/**
 * Applies the plan: the WAL folder claimed, the script installed when needed, each setting
 * through ALTER SYSTEM, pg_reload_conf(); then the restart of a managed cluster if asked, and
 * verification. A server that still waits for a restart is reported as such, not verified.
 */
export async function applyArchiveSetup(clusters: ManagedClusters, context: ServerContext, options: ApplyOptions = {}): Promise<ArchiveApplyResult> {
  const step: ApplyStep = options.onStep ?? (() => undefined);
  const plan = await planArchiveSetup(clusters, context, options);
  refuseBlockedPlan(plan);
  await prepareArchiveFolder(plan, context.repositoryRoot);
  const pendingRestart = await configureServer(context.connection, plan.changes, step);
  const reloaded = plan.changes.length > 0;
  const restarted = await restartIfAsked(clusters, plan, context, pendingRestart, options, step);
  rememberArchiveDir(clusters, plan);
  const verification = await verifyOnceSettled(restarted, plan.archiveDir, options, step);
  return { plan, applied: plan.changes, reloaded, pendingRestart: restarted.pendingRestart, restart: restarted.restart, verification };
}

function refuseBlockedPlan(plan: ArchiveSetupPlan): void {
  if (plan.blockers.length > 0) {
    throw new TidemarkError('insufficient_privilege', plan.blockers[0]!, { hint: plan.blockers.slice(1).join(' ') || undefined });
  }
}

/** The WAL folder claimed for this cluster, and the archive script installed when the plan uses it. */
async function prepareArchiveFolder(plan: ArchiveSetupPlan, repositoryRoot: string): Promise<void> {
  await claimArchiveFolder(plan.archiveDir, plan.server);
  if (plan.method.kind === 'archive_command') await installArchiveScript(repositoryRoot);
}

/** ALTER SYSTEM for each change and pg_reload_conf(); answers the settings that still wait for a restart. */
async function configureServer(connection: ResolvedConnection, changes: SettingChange[], step: ApplyStep): Promise<string[]> {
  step('configuring', changes.length ? `ALTER SYSTEM: ${changes.map((c) => c.name).join(', ')}` : 'Nothing to change.');
  return withClient(connection, async (client) => {
    // ALTER SYSTEM accepts a library's setting only once the library has defined it in this session.
    if (changes.some((c) => c.name.startsWith('basic_archive.'))) await client.query("LOAD 'basic_archive'");
    for (const change of changes) {
      // ALTER SYSTEM takes no bind parameters; the value is quoted as a literal, the names are ours.
      await client.query(`ALTER SYSTEM SET ${change.name} = ${client.escapeLiteral(change.to)}`);
    }
    if (changes.length > 0) await client.query('select pg_reload_conf()');
    return settledPendingRestart(client, changes);
  });
}

interface RestartOutcome {
  restart: ArchiveApplyResult['restart'];
  pendingRestart: string[];
  /** The server to verify: re-resolved after a restart (a managed cluster may move to another port). */
  current: ServerContext;
}

/** Restarts a Tidemark-managed cluster when a setting waits for it and the request allows it. */
async function restartIfAsked(
  clusters: ManagedClusters,
  plan: ArchiveSetupPlan,
  context: ServerContext,
  pendingRestart: string[],
  options: ApplyOptions,
  step: ApplyStep,
): Promise<RestartOutcome> {
  const restart = pendingRestart.length > 0 ? 'needed' : 'not-needed';
  if (restart !== 'needed' || !options.restart || !plan.managedClusterId) return { restart, pendingRestart, current: context };
  step('restarting', 'Restarting the managed cluster so wal_level / archive_mode take effect.');
  await clusters.stop(plan.managedClusterId, 'fast');
  await clusters.start(plan.managedClusterId, { signal: options.signal });
  const current = options.reconnect ? await options.reconnect() : context;
  const stillPending = await withClient(current.connection, (client) => settledPendingRestart(client, []));
  return { restart: stillPending.length > 0 ? 'needed' : 'done', pendingRestart: stillPending, current };
}

/** A managed cluster's record keeps its archive folder: the sandbox's status shows it. */
function rememberArchiveDir(clusters: ManagedClusters, plan: ArchiveSetupPlan): void {
  if (plan.managedClusterId && clusters.find(plan.managedClusterId)) {
    clusters.update(plan.managedClusterId, { archiveDir: plan.archiveDir });
  }
}

/** Verification, unless turned off or a setting still waits for a restart (nothing would arrive). */
async function verifyOnceSettled(
  outcome: RestartOutcome,
  archiveDir: string,
  options: ApplyOptions,
  step: ApplyStep,
): Promise<ArchiveApplyResult['verification']> {
  if (options.verify === false || outcome.pendingRestart.length > 0) return null;
  step('verifying', 'Switching to a new WAL segment and waiting for it in the repository.');
  return verifyArchiving(outcome.current.connection, archiveDir, { timeoutMs: options.verifyTimeoutMs, signal: options.signal });
}

/**
 * pg_reload_conf() only signals the postmaster; backends see the new configuration at their next
 * command. Polls until the reloadable changes are visible (at most 5 s), then reads pending_restart.
 */
async function settledPendingRestart(client: pg.Client, changes: SettingChange[]): Promise<string[]> {
  const reloadable = changes.filter((c) => c.takesEffectOn === 'reload' && c.name !== 'basic_archive.archive_directory');
  const deadline = Date.now() + 5_000;
  for (;;) {
    const rows = await client.query<{ name: string; setting: string; pending_restart: boolean }>(
      'select name, setting, pending_restart from pg_settings where name = any($1) or pending_restart',
      [reloadable.map((c) => c.name)],
    );
    const visible = reloadable.every((c) => rows.rows.some((row) => row.name === c.name && row.setting === c.to));
    if (visible || Date.now() > deadline) return rows.rows.filter((row) => row.pending_restart).map((row) => row.name);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
