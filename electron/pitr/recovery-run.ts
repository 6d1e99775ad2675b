import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatLsn } from '../../shared/domain/wal';
import type { RecoveryResult } from '../../shared/domain/pitr';
import { stopCluster, writeManagedSettings } from '../clusters/local-cluster';
import type { ManagedClusters } from '../clusters/managed-clusters';
import type { JobContext } from '../jobs/job-registry';
import type { SecretStore } from '../profiles/secret-store';
import type { ManagedClusterRecord } from '../settings/settings-store';
import { extractBaseBackup } from './base-backup-extraction';
import { oldDataDirPath } from './old-data-dirs';
import { ensureSocketDir, prependLocalTrust, type ClusterSocket } from './recovered-cluster-access';
import { recoveredClusterResult, type RecoveredClusterResultDeps } from './recovered-cluster-result';
import type { ResolvedRecovery } from './recovery-plan';
import { RecoveryLogReader } from './recovery-log-reader';
import { RecoveryProgressTracker } from './recovery-progress';
import { recoveryError, recoveryProblemOf } from './recovery-problems';
import { recoveryRecordName, writeRecoveryRecord } from './recovery-record';
import { includeManagedSettings, networkSettings, writeAutoConf } from './recovery-settings';
import { watchRecovery } from './recovery-watch';

/** What a recovery made so far, so a failure or a cancel takes back exactly that. */
interface MadeSoFar {
  folderCreated?: string;
  dataDirCreated?: boolean;
  dataDirFilled?: boolean;
  movedAside?: { from: string; to: string; wasRunning: boolean; clusterId: string };
  registered?: string;
  serverMayRun?: boolean;
  /** The recovery record the cluster had before (in place), to put back. */
  previousRecord?: { folder: string; text: string | null };
}

// Files a copy of a running server's data directory carries that must not come along: the old
// server's pid and options, and signal files that would make the copy a standby.
const leftovers = ['postmaster.pid', 'postmaster.opts', 'standby.signal', 'recovery.signal', 'recovery.done', 'current_logfiles'];

/** The job registers the copy and its profile, and a failure takes them back (with the profile's saved password). */
export interface RecoveryRunDeps extends RecoveredClusterResultDeps {
  readonly secrets: SecretStore;
}

/**
 * The recovery job: destination, base backup, settings, start, replay to the target, checks and a
 * profile. Nothing in the source cluster or the repository is written. A failure or a cancel stops
 * the server and removes what the job made (in place: the moved-aside data directory goes back),
 * so nothing half-recovered ever looks like a cluster.
 */
export async function runRecovery(
  context: JobContext,
  deps: RecoveryRunDeps,
  resolved: ResolvedRecovery,
  tracker: RecoveryProgressTracker,
): Promise<RecoveryResult> {
  const made: MadeSoFar = {};
  try {
    return await recover(context, deps, resolved, tracker, made);
  } catch (error) {
    context.log('warning', 'Taking back what the recovery made.');
    await takeBack(deps, resolved, made).catch((cleanupError: unknown) => {
      context.log('error', `Could not take back everything: ${cleanupError instanceof Error ? cleanupError.message : String(cleanupError)}`);
    });
    throw error;
  }
}

/** The recovery as its steps; each notes in `made` what it made, for takeBack. */
async function recover(
  context: JobContext,
  deps: RecoveryRunDeps,
  resolved: ResolvedRecovery,
  tracker: RecoveryProgressTracker,
  made: MadeSoFar,
): Promise<RecoveryResult> {
  const startedAt = Date.now();
  await prepareDestination(context, deps.clusters, resolved, tracker, made);
  context.throwIfCancelled();
  await extractBackup(context, resolved, tracker, made);
  context.throwIfCancelled();
  await writeSettings(context, resolved, tracker);
  const record = await registerRecoveredCluster(deps.clusters, resolved, made, startedAt);
  context.throwIfCancelled();
  const replayed = await replayToTarget(context, resolved, tracker, made);
  return finishRecovery(context, deps, resolved, tracker, { record, replayed, startedAt, previousDataDir: made.movedAside?.to ?? null });
}

/** In place: stop the cluster and move its data directory aside (kept). Otherwise: an empty data directory, mode 0700. */
async function prepareDestination(
  context: JobContext,
  clusters: ManagedClusters,
  resolved: ResolvedRecovery,
  tracker: RecoveryProgressTracker,
  made: MadeSoFar,
): Promise<void> {
  const { plan, backup } = resolved;
  const destination = plan.destination;
  const dataDir = destination.dataDir;
  const folder = destination.clusterFolder;
  tracker.phase('preparing', destination.kind === 'in-place' ? `Moving ${destination.clusterName}'s data directory aside` : `Creating ${dataDir}`);
  context.log('info', `Recovering cluster ${plan.systemIdentifier} to ${plan.target.description} from base backup ${backup.id}.`);
  if (destination.kind === 'in-place') {
    const wasRunning = (await clusters.status(destination.clusterId)).state === 'running';
    if (wasRunning) {
      context.log('info', `Stopping ${destination.clusterName}.`);
      await clusters.stop(destination.clusterId);
    }
    const aside = oldDataDirPath(dataDir, new Date());
    await rename(dataDir, aside);
    made.movedAside = { from: dataDir, to: aside, wasRunning, clusterId: destination.clusterId };
    context.log('info', `Moved ${dataDir} aside to ${aside}: it is kept until you delete it.`);
    await mkdir(dataDir, { mode: 0o700 });
    made.dataDirCreated = true;
  } else {
    if (!(await stat(folder).catch(() => null))) {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      made.folderCreated = folder;
    }
    const existing = await stat(dataDir).catch(() => null);
    if (existing) {
      // Checked empty by the plan; checked again, since time has passed.
      if ((await readdir(dataDir)).length > 0) throw new Error(`${dataDir} is no longer empty.`);
      await chmod(dataDir, 0o700);
    } else {
      await mkdir(dataDir, { recursive: true, mode: 0o700 });
      made.dataDirCreated = true;
    }
  }
}

/** The base backup into the data directory, checked against its SHA-256 sums (and pg_verifybackup). */
async function extractBackup(context: JobContext, resolved: ResolvedRecovery, tracker: RecoveryProgressTracker, made: MadeSoFar): Promise<void> {
  tracker.phase('extracting');
  made.dataDirFilled = true;
  await extractBaseBackup(resolved.backup, resolved.plan.destination.dataDir, {
    pgVerifybackup: resolved.binaries.pgVerifybackup,
    signal: context.signal,
    onBytes: (done, total) => {
      tracker.extracted(done, total);
      if (done === total || done % (64 << 20) < 1 << 20) tracker.publish();
    },
    onChecking: (message) => tracker.publish(message),
    log: (text) => context.log('info', text),
  });
}

/** postgresql.auto.conf, the port and private socket folder, the trust line, recovery.signal. */
async function writeSettings(context: JobContext, resolved: ResolvedRecovery, tracker: RecoveryProgressTracker): Promise<void> {
  const { plan, backup } = resolved;
  const destination = plan.destination;
  const dataDir = destination.dataDir;
  tracker.phase('configuring', 'Writing the recovery settings');
  for (const name of leftovers) await rm(join(dataDir, name), { force: true });
  const header = [
    `Point-in-time recovery by Tidemark (${new Date().toISOString()}): ${plan.target.description},`,
    `from base backup ${backup.id} of cluster ${plan.systemIdentifier}. These apply while recovery.signal exists;`,
    "archiving is off so that this copy never writes into its source's archive.",
  ].join('\n');
  await writeAutoConf(dataDir, resolved.settings, header);
  await includeManagedSettings(dataDir);
  await writeManagedSettings(dataDir, networkSettings(destination.port, resolved.socketDir, dataDir));
  await prependLocalTrust(dataDir);
  await ensureSocketDir(resolved.socketDir);
  await writeFile(join(dataDir, 'recovery.signal'), '', { mode: 0o600 });
  for (const line of plan.settingsLines) context.log('info', `postgresql.auto.conf: ${line}`);
}

/** A new copy enters the registry before its server starts; either way its folder's recovery record says "recovering". */
async function registerRecoveredCluster(
  clusters: ManagedClusters,
  resolved: ResolvedRecovery,
  made: MadeSoFar,
  startedAt: number,
): Promise<ManagedClusterRecord> {
  const { plan, backup, binaries } = resolved;
  const destination = plan.destination;
  const folder = destination.clusterFolder;
  let record: ManagedClusterRecord;
  if (destination.kind === 'in-place') {
    record = clusters.get(destination.clusterId);
  } else {
    // Registered before the server starts, marked "recovering" in its folder: if this process
    // dies, the app still knows the cluster and can stop and remove it.
    record = clusters.add({
      id: resolved.clusterId,
      name: plan.name,
      role: 'recovered',
      dataDir: destination.dataDir,
      folder,
      port: destination.port,
      binDir: binaries.binDir,
      majorVersion: binaries.major,
      createdAt: new Date().toISOString(),
      keepRunning: false,
      profileId: null,
      archiveDir: null,
    });
    made.registered = record.id;
  }
  made.previousRecord = { folder, text: await readFile(join(folder, recoveryRecordName), 'utf8').catch(() => null) };
  await writeRecoveryRecord(folder, {
    status: 'recovering',
    systemIdentifier: plan.systemIdentifier,
    repositoryDir: plan.repositoryDir,
    backupId: backup.id,
    target: plan.target,
    socketDir: resolved.socketDir,
    superuser: null,
    startedAt: new Date(startedAt).toISOString(),
    endedAt: null,
    previousDataDir: made.movedAside?.to ?? null,
  });
  return record;
}

interface Replayed {
  outcome: Awaited<ReturnType<typeof watchRecovery>>;
  reader: RecoveryLogReader;
  socket: ClusterSocket;
}

/** Starts the server and follows its log until it promotes or pauses at the target. */
async function replayToTarget(context: JobContext, resolved: ResolvedRecovery, tracker: RecoveryProgressTracker, made: MadeSoFar): Promise<Replayed> {
  const { plan, backup, binaries } = resolved;
  const destination = plan.destination;
  tracker.phase('starting', `Starting PostgreSQL ${binaries.major} on 127.0.0.1:${destination.port}`);
  const reader = await RecoveryLogReader.at(resolved.logFile, destination.kind === 'in-place', context, tracker, {
    segmentSizeBytes: resolved.segmentSizeBytes,
    lineageSegments: resolved.lineageSegments,
  });
  const socket = { socketDir: resolved.socketDir, port: destination.port };
  made.serverMayRun = true;
  let outcome;
  try {
    outcome = await watchRecovery({
      binaries,
      dataDir: destination.dataDir,
      socket,
      logFile: resolved.logFile,
      reader,
      tracker,
      signal: context.signal,
      expectPause: plan.pauseForInspection && plan.target.target.kind !== 'latest',
      roleCandidates: resolved.source.roleCandidates,
      superuser: null,
      start: true,
    });
  } catch (error) {
    // The server knows only that the target came before consistency; the plan knows which backup.
    if (recoveryProblemOf(error)?.kind === 'target-before-backup-end') {
      throw recoveryError({ kind: 'target-before-backup-end', backupId: backup.id, backupEnd: backup.view.stopTime ?? formatLsn(backup.view.stopLsn) }, error);
    }
    throw error;
  } finally {
    await reader.stop();
  }
  context.log(
    'info',
    outcome.end === 'promoted'
      ? `Promoted${reader.newTimeline ? ` on timeline ${reader.newTimeline}` : ''}.`
      : `Paused at the target${reader.stopping ? ` (${reader.stopping.description})` : ''}: read-only until resumed.`,
  );
  return { outcome, reader, socket };
}

/** The checks, row counts and (for a new copy) the connection profile. */
async function finishRecovery(
  context: JobContext,
  deps: RecoveredClusterResultDeps,
  resolved: ResolvedRecovery,
  tracker: RecoveryProgressTracker,
  { record, replayed, startedAt, previousDataDir }: { record: ManagedClusterRecord; replayed: Replayed; startedAt: number; previousDataDir: string | null },
): Promise<RecoveryResult> {
  const { plan, backup } = resolved;
  const destination = plan.destination;
  const { outcome, reader, socket } = replayed;
  tracker.phase('finishing', 'Counting rows and adding the connection profile');
  const result = await recoveredClusterResult({
    deps,
    record,
    clusterFolder: destination.clusterFolder,
    socket,
    superuser: outcome.superuser,
    end: outcome.end,
    reader,
    backupId: backup.id,
    target: plan.target,
    previousDataDir,
    credentials: resolved.source.credentials,
    preferredDatabase: resolved.source.database,
    createProfile: destination.kind === 'new-directory',
    startedAt,
    signal: context.signal,
  });
  result.segmentsRestored = tracker.progress.segmentsRestored;
  tracker.replay(result.replayLsn, result.lastReplayedCommitTime);
  tracker.phase('done', outcome.end === 'promoted' ? 'Promoted' : 'Paused for inspection');
  context.log(
    'info',
    `${outcome.end === 'promoted' ? 'Recovered' : 'Paused'}: ${record.name} on 127.0.0.1:${destination.port}; last replayed commit ${result.lastReplayedCommitTime ?? 'unknown'}${result.replayLsn ? ` at ${formatLsn(result.replayLsn)}` : ''}.`,
  );
  return result;
}

/**
 * Takes back what `made` lists, in one fixed order rather than each step's undo in reverse: the
 * moved-aside data directory goes back (and its cluster restarts) before the cluster's previous
 * recovery record does, and a socket folder outside the cluster's folder goes last.
 */
async function takeBack(deps: RecoveryRunDeps, resolved: ResolvedRecovery, made: MadeSoFar): Promise<void> {
  const destination = resolved.plan.destination;
  if (made.serverMayRun) await stopCluster(resolved.binaries, destination.dataDir, 'immediate').catch(() => undefined);
  if (made.registered) await unregister(deps, made.registered);
  if (made.dataDirCreated) await rm(destination.dataDir, { recursive: true, force: true });
  else if (made.dataDirFilled) await emptyFolder(destination.dataDir);
  if (made.movedAside) {
    await rename(made.movedAside.to, made.movedAside.from);
    if (made.movedAside.wasRunning) await deps.clusters.start(made.movedAside.clusterId).catch(() => undefined);
  }
  if (made.previousRecord && !made.folderCreated) {
    const path = join(made.previousRecord.folder, recoveryRecordName);
    if (made.previousRecord.text === null) await rm(path, { force: true });
    else await writeFile(path, made.previousRecord.text);
  }
  if (made.folderCreated) await rm(made.folderCreated, { recursive: true, force: true });
  if (!resolved.socketDir.startsWith(destination.clusterFolder) && !made.movedAside) await rm(resolved.socketDir, { recursive: true, force: true });
}

/** Forgets a registered copy, with the profile (and saved password) the finishing step may have added. */
async function unregister(deps: RecoveryRunDeps, clusterId: string): Promise<void> {
  const record = deps.clusters.find(clusterId);
  if (record?.profileId) {
    const profiles = deps.profiles;
    const profile = profiles.list().find((p) => p.id === record.profileId);
    if (profile) {
      profiles.remove(profile.id);
      await deps.secrets.delete(profile).catch(() => undefined);
    }
  }
  deps.clusters.remove(clusterId);
}

async function emptyFolder(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => [])) await rm(join(dir, name), { recursive: true, force: true });
}
