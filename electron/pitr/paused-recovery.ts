import { TidemarkError } from '../../shared/domain/errors';
import { formatTargetTimeSetting, instantMs } from '../../shared/domain/pitr-time';
import { describeTarget } from './recovery-plan';
import type { PlannedTarget, RecoveryRecord, RecoveryResult, RecoveryTarget } from '../../shared/domain/pitr';
import { compareLsn, formatLsn } from '../../shared/domain/wal';
import { quoteLiteral } from '../../shared/domain/sql-identifier';
import { clusterFolder, serverLogFile, type ManagedClusters } from '../clusters/managed-clusters';
import { stopCluster } from '../clusters/local-cluster';
import type { JobContext } from '../jobs/job-registry';
import type { ManagedClusterRecord } from '../settings/settings-store';
import { withLocalClient } from './recovered-cluster-access';
import { recoveredClusterResult, type RecoveredClusterResultDeps } from './recovered-cluster-result';
import { RecoveryLogReader } from './recovery-log-reader';
import { RecoveryProgressTracker } from './recovery-progress';
import { readRecoveryRecord, updateRecoveryRecord } from './recovery-record';
import { allTargetSettingNames, targetSettings } from './recovery-settings';
import { readReplayStatus, watchRecovery } from './recovery-watch';

/**
 * A recovered cluster paused at its target for inspection: resume (end recovery and promote), or
 * move the target later and replay on without starting over. Replay never goes backwards: an
 * earlier target needs a new recovery.
 */
export interface PausedCluster {
  record: ManagedClusterRecord;
  recovery: RecoveryRecord & { superuser: string };
  folder: string;
  socket: { socketDir: string; port: number };
}

export async function pausedCluster(clusters: ManagedClusters, clusterId: string): Promise<PausedCluster> {
  const record = clusters.get(clusterId);
  const folder = clusterFolder(record);
  const recovery = await readRecoveryRecord(folder);
  if (!recovery || recovery.status !== 'paused' || !recovery.superuser) {
    throw new TidemarkError('conflict', `${record.name} is not paused in a recovery${recovery ? ` (it is ${recovery.status})` : ''}.`, {
      hint: 'Only a recovery started with "inspect before promoting" can be resumed or retargeted.',
    });
  }
  if ((await clusters.status(record.id)).state !== 'running') {
    throw new TidemarkError('conflict', `${record.name} is stopped.`, {
      hint: 'Start it (it replays to its target and pauses again), then resume or retarget.',
    });
  }
  return { record, recovery: recovery as PausedCluster['recovery'], folder, socket: { socketDir: recovery.socketDir, port: record.port } };
}

/** The job behind pitr.resume: pg_wal_replay_resume() ends recovery at the target, and the server promotes. */
export async function resumePaused(context: JobContext, deps: RecoveredClusterResultDeps, paused: PausedCluster): Promise<RecoveryResult> {
  const startedAt = Date.now();
  const status = await readReplayStatus(paused.socket, paused.recovery.superuser);
  const tracker = new RecoveryProgressTracker(context, {
    startLsn: status.replayLsn,
    targetLsn: status.replayLsn,
    segmentsExpected: null,
    segmentSizeBytes: 16 << 20,
  });
  const reader = await RecoveryLogReader.at(serverLogFile(paused.record), true, context, tracker, { segmentSizeBytes: 16 << 20, lineageSegments: new Set() });
  context.log('info', `Resuming ${paused.record.name}: recovery ends at ${paused.recovery.target.description} and the cluster is promoted.`);
  await withLocalClient(paused.socket, paused.recovery.superuser, (client) => client.query('select pg_wal_replay_resume()'));
  tracker.phase('promoting');
  const outcome = await follow(context, deps.clusters, paused, reader, tracker, { expectPause: false, start: false });
  return finish(deps, paused, outcome.end, reader, paused.recovery.target, startedAt, context.signal);
}

/**
 * The job behind pitr.retarget: ALTER SYSTEM sets the new target (and clears the old one: only one
 * may be set), then a restart keeps recovery.signal and replays on from where it stopped.
 */
export async function retargetPaused(
  context: JobContext,
  deps: RecoveredClusterResultDeps,
  paused: PausedCluster,
  change: { target: RecoveryTarget; inclusive: boolean; promote: boolean },
): Promise<RecoveryResult> {
  const startedAt = Date.now();
  const { superuser } = paused.recovery;
  const status = await readReplayStatus(paused.socket, superuser);
  refuseEarlier(change.target, status, paused.recovery.target);
  const target: PlannedTarget = describeTarget({ target: change.target, inclusive: change.inclusive, timeline: paused.recovery.target.timeline });
  const settings = targetSettings(target).filter(([name]) => name !== 'recovery_target_timeline');
  context.log('info', `Moving the target of ${paused.record.name} to ${target.description}.`);
  await withLocalClient(paused.socket, superuser, async (client) => {
    for (const name of allTargetSettingNames) await client.query(`alter system reset ${name}`);
    for (const [name, value] of settings) {
      const text = typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value);
      await client.query(`alter system set ${name} = ${quoteLiteral(text)}`);
    }
    await client.query(`alter system set recovery_target_action = ${quoteLiteral(change.promote || change.target.kind === 'latest' ? 'promote' : 'pause')}`);
  });
  for (const [name, value] of settings) context.log('info', `ALTER SYSTEM SET ${name} = '${String(value)}'`);
  await updateRecoveryRecord(paused.folder, { status: 'recovering', target });

  const targetLsn = change.target.kind === 'lsn' ? change.target.lsn : null;
  const tracker = new RecoveryProgressTracker(context, { startLsn: status.replayLsn, targetLsn, segmentsExpected: null, segmentSizeBytes: 16 << 20 });
  const reader = await RecoveryLogReader.at(serverLogFile(paused.record), true, context, tracker, { segmentSizeBytes: 16 << 20, lineageSegments: new Set() });
  tracker.phase('starting', 'Restarting the server with the new target (recovery.signal is kept)');
  await stopCluster(await deps.clusters.binaries(paused.record), paused.record.dataDir, 'fast');
  let outcome;
  try {
    outcome = await follow(context, deps.clusters, paused, reader, tracker, { expectPause: !(change.promote || change.target.kind === 'latest'), start: true });
  } catch (error) {
    // The cluster is not lost: it stays registered, with what the log said, for another retarget or removal.
    await updateRecoveryRecord(paused.folder, { status: 'paused' }).catch(() => undefined);
    throw error;
  }
  return finish(deps, paused, outcome.end, reader, target, startedAt, context.signal);
}

/** Follows the paused cluster's server to its next end state (after a resume, or a restart with a new target). */
async function follow(
  context: JobContext,
  clusters: ManagedClusters,
  paused: PausedCluster,
  reader: RecoveryLogReader,
  tracker: RecoveryProgressTracker,
  options: { expectPause: boolean; start: boolean },
): Promise<Awaited<ReturnType<typeof watchRecovery>>> {
  try {
    return await watchRecovery({
      binaries: await clusters.binaries(paused.record),
      dataDir: paused.record.dataDir,
      socket: paused.socket,
      logFile: serverLogFile(paused.record),
      reader,
      tracker,
      signal: context.signal,
      roleCandidates: [paused.recovery.superuser],
      superuser: paused.recovery.superuser,
      ...options,
    });
  } finally {
    await reader.stop();
  }
}

function refuseEarlier(target: RecoveryTarget, status: Awaited<ReturnType<typeof readReplayStatus>>, previous: PlannedTarget): void {
  const earlier = (what: string) =>
    new TidemarkError('invalid_input', `Recovery cannot go back: ${what} is not after the point it is paused at.`, {
      hint: 'Start a new recovery for an earlier target.',
    });
  if (target.kind === 'immediate') throw earlier('the end of the base backup');
  if (target.kind === 'lsn' && status.replayLsn && compareLsn(target.lsn, status.replayLsn) <= 0)
    throw earlier(`LSN ${formatLsn(target.lsn)} (paused at ${formatLsn(status.replayLsn)})`);
  if (target.kind === 'time' && status.lastCommitTime && instantMs(target.at) <= instantMs(status.lastCommitTime)) {
    throw earlier(`${formatTargetTimeSetting(target.at)} (the last replayed commit is ${status.lastCommitTime})`);
  }
  if (target.kind === 'time' && previous.target.kind === 'time' && instantMs(target.at) <= instantMs(previous.target.at)) {
    throw earlier(`${formatTargetTimeSetting(target.at)} (the current target is ${formatTargetTimeSetting(previous.target.at)})`);
  }
}

async function finish(
  deps: RecoveredClusterResultDeps,
  paused: PausedCluster,
  end: 'promoted' | 'paused',
  reader: RecoveryLogReader,
  target: PlannedTarget,
  startedAt: number,
  signal: AbortSignal,
): Promise<RecoveryResult> {
  await updateRecoveryRecord(paused.folder, { target });
  return recoveredClusterResult({
    deps,
    record: deps.clusters.get(paused.record.id),
    clusterFolder: paused.folder,
    socket: paused.socket,
    superuser: paused.recovery.superuser,
    end,
    reader,
    backupId: paused.recovery.backupId,
    target,
    previousDataDir: paused.recovery.previousDataDir,
    credentials: null,
    preferredDatabase: null,
    createProfile: true,
    startedAt,
    signal,
  });
}
